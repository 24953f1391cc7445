import { Suspense } from "react";
import { Loading } from "../_components/ui";
import { UserList } from "./_components/user-list";

export default function UsersPage() {
  return (
    <Suspense fallback={<Loading />}>
      <UserList />
    </Suspense>
  );
}
