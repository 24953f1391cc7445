import { RecalledDetail } from "../_components/recalled-detail";

export default async function RecalledDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RecalledDetail id={id} />;
}
