import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { session } from '../auth/session-store';

/** The error body every API error has: { statusCode, code, message, fields? }. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: { field: string; message: string }[];
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
}

const authMiddleware: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response, request }) {
    // An expired or revoked token: back to the login page; forms keep their drafts (see use-draft).
    if (response.status === 401 && !request.url.endsWith('/api/auth/login')) session.expire();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '/' });
api.use(authMiddleware);

/** Unwraps an openapi-fetch result: the data, or an ApiRequestError carrying the API's error body. */
export async function call<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await promise;
  } catch {
    throw new ApiRequestError(0, { statusCode: 0, code: 'NETWORK', message: 'network error' });
  }
  if (result.error !== undefined || !result.response.ok) {
    const body = (result.error ?? {}) as Partial<ApiErrorBody>;
    throw new ApiRequestError(result.response.status, {
      statusCode: result.response.status,
      code: body.code ?? `HTTP_${result.response.status}`,
      message: body.message ?? result.response.statusText,
      fields: body.fields,
    });
  }
  return result.data as T;
}
