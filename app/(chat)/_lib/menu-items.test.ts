import { describe, expect, it } from "vitest";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { type MessageView } from "~/server/realtime/events";
import { menuItems, type MessageOptions } from "./menu-items";

const t = dictionaries.en;
const sentAt = new Date("2030-01-01T00:00:00Z");
const now = sentAt.getTime() + 60_000;
const none: MessageOptions = { recall: { kind: "none" }, edit: { kind: "none" }, reported: false };
const text = (senderId: string): Pick<MessageView, "sender" | "kind" | "body" | "recall"> => ({
  sender: { id: senderId, name: senderId },
  kind: "text",
  body: "hi",
  recall: null,
});
const labels = (items: ReturnType<typeof menuItems>) => items.map((i) => i.label);

describe("menuItems", () => {
  it("own message: Edit and Recall with their time left, no Report", () => {
    const options: MessageOptions = {
      recall: { kind: "own", deadline: new Date(sentAt.getTime() + 120_000) },
      edit: { kind: "own", deadline: new Date(sentAt.getTime() + 900_000) },
      reported: false,
    };
    expect(labels(menuItems(text("me"), "me", options, now, t))).toEqual([
      "Reply",
      "Copy",
      "Edit · 14:00",
      "Delete for me",
      "Recall · 1:00",
    ]);
  });

  it("files sent without text: nothing to copy", () => {
    expect(labels(menuItems({ ...text("bob"), body: "" }, "me", none, now, t))).toEqual([
      "Reply",
      "Report",
      "Delete for me",
    ]);
  });

  it("own message after the edit window: no Edit", () => {
    expect(labels(menuItems(text("me"), "me", none, now, t))).toEqual(["Reply", "Copy", "Delete for me"]);
  });

  it("someone else's message: Report, then a disabled Reported once reported here", () => {
    expect(labels(menuItems(text("bob"), "me", none, now, t))).toEqual(["Reply", "Copy", "Report", "Delete for me"]);
    const after = menuItems(text("bob"), "me", { ...none, reported: true }, now, t);
    expect(after.find((i) => i.action === "report")).toEqual({ action: "report", label: "Reported", disabled: true });
  });

  it("a recall tip or a system line: only Delete for me", () => {
    const tip = {
      ...text("bob"),
      body: null,
      recall: { at: sentAt, by: { id: "bob", name: "bob" }, kind: "sender" as const, reason: null },
    };
    expect(labels(menuItems(tip, "me", none, now, t))).toEqual(["Delete for me"]);
    expect(labels(menuItems({ ...text("bob"), kind: "system" }, "me", none, now, t))).toEqual(["Delete for me"]);
  });

  it("speaks Chinese", () => {
    expect(labels(menuItems(text("bob"), "me", none, now, dictionaries.zh))).toEqual([
      "回复",
      "复制",
      "举报",
      "仅对我删除",
    ]);
  });
});
