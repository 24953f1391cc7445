import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { AttachmentError } from "./errors";
import { contentDisposition, errorResponse, fileNameFrom, objectResponse, readBodyWithin } from "./http";
import { WorkLimit } from "./upload";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://app.test/api/attachments", { method: "POST", body, headers, duplex: "half" } as RequestInit);

async function refused(promise: Promise<unknown>): Promise<AttachmentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AttachmentError);
  return error as AttachmentError;
}

describe("readBodyWithin", () => {
  it("returns the whole body when it fits", async () => {
    expect(Buffer.from(await readBodyWithin(post("hello"), 5)).toString()).toBe("hello");
  });

  it("refuses by Content-Length before reading anything", async () => {
    let pulled = 0;
    const body = new ReadableStream(
      {
        pull(c) {
          pulled++;
          c.enqueue(new Uint8Array(10));
          c.close();
        },
      },
      { highWaterMark: 0 },
    );
    const error = await refused(readBodyWithin(post(body, { "content-length": "11" }), 10));
    expect(error.code).toBe("TOO_LARGE");
    expect(error.message).toMatch(/^Files can be at most /);
    expect(pulled).toBe(0);
  });

  it("stops reading a body without a length as soon as it passes the limit", async () => {
    let chunks = 0;
    const body = new ReadableStream({
      pull(c) {
        chunks++;
        c.enqueue(new Uint8Array(1024));
        if (chunks > 1000) c.close();
      },
    });
    expect((await refused(readBodyWithin(post(body), 4096))).code).toBe("TOO_LARGE");
    expect(chunks).toBeLessThan(10);
  });
});

describe("fileNameFrom", () => {
  it("decodes a URI-encoded UTF-8 name and refuses a missing or broken one", async () => {
    expect(fileNameFrom(encodeURIComponent("照片 1.jpg"))).toBe("照片 1.jpg");
    expect(() => fileNameFrom(null)).toThrow(/name is missing/);
    expect(() => fileNameFrom("%E0%A4%A")).toThrow(/not valid URI-encoded/);
  });
});

describe("responses", () => {
  it("maps each refusal to its status, with Retry-After where it applies", async () => {
    const quota = errorResponse(new AttachmentError("QUOTA_EXCEEDED", "Too much today.", { retryAfterSeconds: 300 }));
    expect([quota.status, quota.headers.get("retry-after")]).toEqual([429, "300"]);
    expect(await quota.json()).toEqual({ error: { code: "QUOTA_EXCEEDED", message: "Too much today." } });
    const busy = errorResponse(new AttachmentError("BUSY", "Busy.", { retryAfterSeconds: 2 }));
    expect([busy.status, busy.headers.get("retry-after")]).toEqual([503, "2"]);
    const lie = errorResponse(new AttachmentError("TYPE_MISMATCH", "Not a PNG."));
    expect([lie.status, lie.headers.get("retry-after")]).toEqual([415, null]);
  });

  it("gives a download name in ASCII and exactly in UTF-8", () => {
    expect(contentDisposition("attachment", 'a "b"\\c 照片.pdf')).toBe(
      `attachment; filename="a _b__c __.pdf"; filename*=UTF-8''a%20%22b%22%5Cc%20%E7%85%A7%E7%89%87.pdf`,
    );
  });

  it("serves files so they are never cached, sniffed, scripted, or shown inline unless an image", async () => {
    const served = { key: "a/x/file.pdf", kind: "pdf" as const, mime: "application/pdf", name: "m.pdf" };
    const response = objectResponse(served, { size: 3, body: Readable.from([Buffer.from("abc")]) });
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "content-disposition": `attachment; filename="m.pdf"; filename*=UTF-8''m.pdf`,
      "content-type": "application/pdf",
      "content-length": "3",
    });
    expect(await response.text()).toBe("abc");
    const image = objectResponse(
      { ...served, kind: "image", mime: "image/png", name: "p.png" },
      { size: 1, body: Readable.from([Buffer.from("x")]) },
    );
    expect(image.headers.get("content-disposition")).toMatch(/^inline;/);
  });
});

describe("WorkLimit", () => {
  it("runs at most `running` at once, queues `waiting`, and refuses the rest with BUSY", async () => {
    const limit = new WorkLimit(2, 1);
    let active = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const job = () =>
      limit.run(async () => {
        peak = Math.max(peak, ++active);
        await new Promise<void>((r) => releases.push(r));
        active--;
      });
    const jobs = [job(), job(), job()]; // two run, one waits
    const busy = await refused(job());
    expect([busy.code, busy.retryAfterSeconds]).toEqual(["BUSY", 2]);
    while (releases.length < 2) await new Promise((r) => setTimeout(r, 1));
    releases.splice(0).forEach((r) => r());
    while (releases.length < 1) await new Promise((r) => setTimeout(r, 1));
    releases.splice(0).forEach((r) => r());
    await Promise.all(jobs);
    expect(peak).toBe(2);
  });
});
