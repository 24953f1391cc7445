import { ConversationView } from "../../_components/conversation-view";

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Keyed so drafts, menus and scroll position never leak from one conversation to the next.
  return <ConversationView key={id} conversationId={id} />;
}
