-- The write half of a single recall in ONE round trip (server/recall/engine.ts decides, this applies).
--
-- It first takes the conversation row lock (the version bump), then re-asserts the facts the
-- decision was made on. A VOLATILE plpgsql function takes a fresh snapshot for each statement in
-- READ COMMITTED, so the guards below see every change committed before the lock was granted:
-- the same "authority read after the lock" the engine had with a transaction of four statements.
-- When a guard no longer holds it raises RG001 and the whole statement, bump included, rolls back;
-- the engine then reads the facts and decides again.
CREATE FUNCTION recall_mark(
  p_message uuid,
  p_conversation uuid,
  p_sender uuid,
  p_actor uuid,
  p_as revoker_kind,
  p_reason text,
  p_deadline timestamptz,        -- null: no window to re-check
  p_actor_role member_role,      -- null: no membership to re-check (system admin)
  p_sender_roles member_role[],  -- null: any sender
  p_silent boolean,
  p_vault_body text,             -- null: nothing kept (erase policy)
  p_retention_days integer,
  p_details jsonb                -- audit details; the version is added here
) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v bigint;
BEGIN
  UPDATE conversations SET version = version + 1 WHERE id = p_conversation RETURNING version INTO v;
  IF v IS NULL THEN
    RAISE EXCEPTION 'recall guard: conversation % not found', p_conversation USING ERRCODE = 'RG001';
  END IF;

  UPDATE messages m
     SET body = NULL, revoked_at = now(), revoker_id = p_actor, revoke_reason = p_reason,
         revoker_kind = p_as, revoke_silent = p_silent, version = v
   WHERE m.id = p_message
     AND m.conversation_id = p_conversation
     AND m.revoked_at IS NULL
     AND (p_deadline IS NULL OR clock_timestamp() <= p_deadline)
     AND (p_actor_role IS NULL OR EXISTS (
           SELECT 1 FROM conversation_members cm
            WHERE cm.conversation_id = m.conversation_id AND cm.user_id = p_actor AND cm.role = p_actor_role))
     -- A sender who has left counts as a plain member (see rules.ts).
     AND (p_sender_roles IS NULL OR coalesce(
           (SELECT cm.role FROM conversation_members cm
             WHERE cm.conversation_id = m.conversation_id AND cm.user_id = m.sender_id),
           'member') = ANY (p_sender_roles));
  IF NOT FOUND THEN
    RAISE EXCEPTION 'recall guard: message % changed since the decision', p_message USING ERRCODE = 'RG001';
  END IF;

  IF p_vault_body IS NOT NULL THEN
    INSERT INTO recall_vault (message_id, body, retained_until)
    VALUES (p_message, p_vault_body, now() + make_interval(days => p_retention_days));
  END IF;
  INSERT INTO audit_log (actor_id, action, target_message_id, target_conversation_id, target_user_id, reason, details)
  VALUES (p_actor, 'recall', p_message, p_conversation, p_sender, p_reason, p_details || jsonb_build_object('version', v));
  INSERT INTO realtime_outbox (event, conversation_id, message_id, version)
  VALUES ('message.recalled', p_conversation, p_message, v);
  RETURN v;
END;
$$;
