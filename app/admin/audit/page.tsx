import { Suspense } from "react";
import { Loading } from "../_components/ui";
import { AuditLog } from "./_components/audit-log";

export default function AuditPage() {
  return (
    <Suspense fallback={<Loading />}>
      <AuditLog />
    </Suspense>
  );
}
