"use client";

import { createContext, type ReactNode, useContext } from "react";
import { type UserRole } from "~/db/schema";

export interface Me {
  id: string;
  name: string;
  role: UserRole;
}

const MeContext = createContext<Me | null>(null);

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe must be used inside the signed-in layout");
  return me;
}
