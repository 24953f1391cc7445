import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configVariables, internalVariables, parseConfig } from "./env";

describe("parseConfig", () => {
  it("gives every variable its default from an empty environment", () => {
    const result = parseConfig({});
    expect(result).toMatchObject({
      ok: true,
      config: { PORT: 3000, REALTIME_PORT: 6001, REALTIME_HOST: "0.0.0.0", DATA_DIR: ".data", LOG_LEVEL: "info" },
    });
  });

  it.each([
    [{ PORT: "eighty" }, "Invalid configuration: PORT must be a port number (1-65535)."],
    [{ REALTIME_PORT: "70000" }, "Invalid configuration: REALTIME_PORT must be a port number (1-65535)."],
    [{ PUSHER_USE_TLS: "yes" }, "Invalid configuration: PUSHER_USE_TLS must be true or false."],
    [{ DATABASE_URL: "not a url" }, "Invalid configuration: DATABASE_URL must be a postgres:// URL"],
    [{ METRICS_TOKEN: "short" }, "Invalid configuration: METRICS_TOKEN must be at least 16 characters."],
    [
      { LOG_LEVEL: "loud" },
      "Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent.",
    ],
  ])("names the variable and what is wrong in one line: %j", (source, line) => {
    expect(parseConfig(source)).toEqual({ ok: false, line });
  });

  it("gives attachments local storage, 10 MB and 4 per message by default", () => {
    expect(parseConfig({})).toMatchObject({
      ok: true,
      config: { ATTACHMENT_STORAGE: "disk", ATTACHMENT_MAX_BYTES: 10 * 1024 * 1024, ATTACHMENT_MAX_PER_MESSAGE: 4 },
    });
  });

  it.each([
    [{ ATTACHMENT_STORAGE: "s3" }, "Invalid configuration: S3_BUCKET must be set when ATTACHMENT_STORAGE is s3."],
    [{ ATTACHMENT_STORAGE: "ftp" }, "Invalid configuration: ATTACHMENT_STORAGE must be disk or s3."],
    [
      { S3_ACCESS_KEY_ID: "key" },
      "Invalid configuration: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or both left unset).",
    ],
    [{ S3_ENDPOINT: "localhost" }, "Invalid configuration: S3_ENDPOINT must be a URL, e.g. http://localhost:9000"],
  ])("checks the attachment store's settings: %j", (source, line) => {
    expect(parseConfig(source)).toEqual({ ok: false, line });
  });

  it("accepts an S3-compatible store", () => {
    expect(
      parseConfig({ ATTACHMENT_STORAGE: "s3", S3_BUCKET: "recall", S3_ENDPOINT: "http://127.0.0.1:9000" }),
    ).toMatchObject({ ok: true, config: { S3_BUCKET: "recall", S3_REGION: "us-east-1" } });
  });

  it("treats an empty value as unset", () => {
    expect(parseConfig({ PORT: "" })).toMatchObject({ ok: true, config: { PORT: 3000 } });
  });
});

describe("README configuration table", () => {
  it("lists exactly the variables of the schema an operator sets", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(
      readme.indexOf("## Configuration"),
      readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1),
    );
    const documented = new Set(
      section
        .split("\n")
        .filter((line) => line.startsWith("| `"))
        .flatMap((line) => [...line.split("|")[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!)),
    );
    const expected = configVariables.filter((v) => !(internalVariables as readonly string[]).includes(v));
    expect([...documented].sort()).toEqual([...expected].sort());
  });
});
