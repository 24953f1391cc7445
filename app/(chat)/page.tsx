import { NoConversation } from "./_components/no-conversation";

export default function ChatHome() {
  return <NoConversation />;
}
