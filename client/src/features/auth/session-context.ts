import { createContext, useContext } from 'react';
import type { Session } from './queries.ts';

export interface SessionValue {
  session: Session;
  /** The unit the dashboard opens on and that "back to my unit" leads to. */
  home: string;
  homeName: string | null;
}

export const SessionContext = createContext<SessionValue>({ session: { state: 'no-auth' }, home: '01', homeName: null });

export const useSession = () => useContext(SessionContext);
