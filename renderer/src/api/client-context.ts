import { createContext, useContext } from 'react';
import type { ApiClient } from '../../../electron/shared/api/client';

export const ClientContext = createContext<ApiClient | null>(null);

export function useClient(): ApiClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside <ClientContext.Provider>');
  return client;
}
