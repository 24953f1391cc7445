import { BulkRecall } from "./_components/bulk-recall";

export default function BulkRecallPage() {
  return <BulkRecall />;
}
