import { Suspense } from "react";
import { Loading } from "../_components/ui";
import { ReviewList } from "./_components/review-list";

export default function RecalledPage() {
  return (
    <Suspense fallback={<Loading />}>
      <ReviewList />
    </Suspense>
  );
}
