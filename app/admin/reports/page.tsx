import { Suspense } from "react";
import { Loading } from "../_components/ui";
import { ReportList } from "./_components/report-list";

export default function ReportsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <ReportList />
    </Suspense>
  );
}
