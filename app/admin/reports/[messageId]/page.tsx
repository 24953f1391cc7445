import { ReportDetail } from "../_components/report-detail";

export default async function ReportDetailPage({ params }: { params: Promise<{ messageId: string }> }) {
  const { messageId } = await params;
  return <ReportDetail id={messageId} />;
}
