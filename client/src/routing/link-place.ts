import { createContext, useContext } from 'react';
import type { UrlState } from './url-state.ts';

/** The period and map the dashboard shows: every link to a unit carries them (see `unitLinkPatch`). */
export type LinkPlace = Pick<UrlState, 'period' | 'map'>;

export const LinkPlaceContext = createContext<LinkPlace>({ period: null, map: null });

export const useLinkPlace = (): LinkPlace => useContext(LinkPlaceContext);
