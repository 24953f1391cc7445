"use client";

import { useState } from "react";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { ConversationList } from "./conversation-list";
import { NewChatDialog } from "./new-chat-dialog";
import { SearchPanel } from "./search-panel";
import { UserMenu } from "./user-menu";

export function Sidebar({ activeId, localeCookie }: { activeId: string | null; localeCookie: string }) {
  const t = useT();
  const [query, setQuery] = useState("");
  const [newChatOpen, setNewChatOpen] = useState(false);
  const searching = query.trim().length > 0;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      {/* In a conversation its title is the page's heading; on the list alone, this is. */}
      {activeId ? null : <h1 className="sr-only">{t.list.conversations}</h1>}
      <header className="flex items-center gap-2 border-b border-slate-200 px-3 py-2.5">
        <UserMenu localeCookie={localeCookie} />
        <div className="flex-1" />
        <button type="button" className={button.primary} onClick={() => setNewChatOpen(true)}>
          <span aria-hidden className="text-base leading-none">
            +
          </span>
          {t.list.newChat}
        </button>
      </header>
      <div className="border-b border-slate-200 px-3 py-2">
        <SearchPanel.Box value={query} onChange={setQuery} />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {searching ? <SearchPanel.Results query={query} /> : null}
        <div hidden={searching}>
          <ConversationList activeId={activeId} />
        </div>
      </div>
      {newChatOpen ? <NewChatDialog onClose={() => setNewChatOpen(false)} /> : null}
    </div>
  );
}
