import { ConversationView } from "../../_components/conversation-view";
import { prefetchConversation } from "./prefetch";
import { ScrollToNewest } from "./scroll-to-newest";

export default async function ConversationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ m?: string | string[] }>;
}) {
  const { id } = await params;
  // A search result links here with `?m=<message id>`: the list jumps to it and highlights it.
  const { m } = await searchParams;
  const initial = await prefetchConversation(id);
  // Keyed so drafts, menus and scroll position never leak from one conversation to the next.
  const jumpTo = typeof m === "string" ? m : null;
  return (
    <>
      <ConversationView key={id} conversationId={id} jumpTo={jumpTo} initial={initial} />
      {/* A jump to a message scrolls there itself once hydrated. */}
      {initial && !jumpTo ? <ScrollToNewest /> : null}
    </>
  );
}
