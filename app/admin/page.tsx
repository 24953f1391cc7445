import { Overview } from "./_components/overview";

export default function AdminOverviewPage() {
  return <Overview />;
}
