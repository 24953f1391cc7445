import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SessionUser } from "~/server/context";
import { authorizeChannel } from "~/server/realtime/channel-auth";
import { conversationChannel, userChannel } from "~/server/realtime/events";
import { callerFor, type TestDb } from "../harness";
import { createWorld } from "./setup";

let t: TestDb;
let owner: SessionUser, bob: SessionUser, eve: SessionUser;
let group: string;

beforeAll(async () => {
  ({
    t,
    users: { owner, bob, eve },
    group,
  } = await createWorld(
    { owner: "Owner", bob: "Bob", eve: "Eve" },
    { title: "Auth", members: { owner: "owner", bob: "member" } },
  ));
});
afterAll(() => t.close());

const socket = "123.456";

describe("channel auth", () => {
  it("signs a member's conversation channel and the user's own channel", async () => {
    expect(await authorizeChannel(t.db, bob.id, conversationChannel(group), socket)).toEqual({ ok: true });
    expect(await authorizeChannel(t.db, bob.id, userChannel(bob.id), socket)).toEqual({ ok: true });
  });

  it("refuses a non-member, another user's channel, unknown channels and malformed socket ids", async () => {
    expect(await authorizeChannel(t.db, eve.id, conversationChannel(group), socket)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await authorizeChannel(t.db, eve.id, userChannel(bob.id), socket)).toMatchObject({ ok: false, status: 403 });
    expect(await authorizeChannel(t.db, bob.id, "presence-anything", socket)).toMatchObject({ ok: false, status: 403 });
    expect(await authorizeChannel(t.db, bob.id, `${conversationChannel(group)}x`, socket)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await authorizeChannel(t.db, bob.id, conversationChannel(group), "not-a-socket")).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it("a removed member can no longer subscribe", async () => {
    await callerFor(t.db, owner).conversation.removeMember({ conversationId: group, userId: bob.id });
    expect(await authorizeChannel(t.db, bob.id, conversationChannel(group), socket)).toMatchObject({
      ok: false,
      status: 403,
    });
  });
});
