// Uses every public API; `tsc --strict --noEmit` must accept it.
import {
  WorkOS, DirectoryList, DirectorySync, WorkOSError, BadRequestException, UnauthorizedException,
  AuthorizationException, NotFoundException, ConflictException, UnprocessableEntityException,
  RateLimitExceededException, GenericServerException, ConnectionException, TimeoutException,
  InvalidResponseException, InvalidArgumentException, ConfigurationException, ERROR_CLASSES_BY_KIND,
} from 'workos-dsync';
import type {
  Directory, DirectoryMetadata, DirectoryUsersMetadata, FieldError, ListDirectoriesOptions,
  ListMetadata, Order, WorkOSOptions, ErrorKind, RequestOptions,
} from 'workos-dsync';

export async function everything(): Promise<number> {
  const options: WorkOSOptions = { baseUrl: 'http://127.0.0.1:1', maxRetries: 1, timeout: 5000 };
  const official = new WorkOS('sk_test', { apiHostname: 'localhost', port: 8080, https: false });
  const fromOptions = new WorkOS({ apiKey: 'sk_test', ...options });
  const base: string | undefined = official.baseUrl ?? fromOptions.baseUrl;
  const workos = new WorkOS('sk_test', options);
  const api: DirectorySync = workos.directorySync;
  const order: Order = 'asc';
  const params: ListDirectoriesOptions = {
    organizationId: 'org_1', search: 'acme', domain: 'acme.com', limit: 10, before: 'a', after: 'b', order,
  };
  const list: DirectoryList = await api.listDirectories(params);
  const meta: ListMetadata = list.listMetadata;
  const next: string | null = meta.after;
  const first: Directory | undefined = list.data[0];
  const all: Directory[] = await list.autoPagination();
  for await (const d of list) {
    const m: DirectoryMetadata | undefined = d.metadata;
    const users: DirectoryUsersMetadata | undefined = m?.users;
    const n: number = (users?.active ?? 0) + (m?.groups ?? 0);
    const s: string = d.id + d.name + d.type + d.state + d.organizationId + d.externalKey + d.createdAt + d.updatedAt + (d.domain ?? '');
    void n; void s;
  }
  const perCall: RequestOptions = {
    timeout: 2000, maxRetries: 0, extraHeaders: { 'X-Trace-Id': 't-1' }, idempotencyKey: 'k-1', baseUrl: 'http://127.0.0.1:2',
  };
  const withOptions: DirectoryList = await api.listDirectories(undefined, perCall);
  const walked: Directory[] = await (await api.listDirectories({ limit: 5 }, { maxRetries: 1 })).autoPagination();
  const one: Directory = await api.getDirectory('directory_1', { timeout: 1000 });
  const deleted: void = await api.deleteDirectory(one.id, perCall);
  void withOptions; void walked;
  try {
    await api.getDirectory('x');
  } catch (e) {
    if (e instanceof WorkOSError) {
      const kind: ErrorKind = e.kind;
      const status: number | undefined = e.status;
      const code: string | undefined = e.code;
      const rid: string | undefined = e.requestID;
      const fe: FieldError[] = e.errors;
      const ra: number | undefined = e.retryAfter;
      const msg: string = e.message;
      void kind; void status; void code; void rid; void fe; void ra; void msg;
    }
  }
  const classes = [BadRequestException, UnauthorizedException, AuthorizationException, NotFoundException,
    ConflictException, UnprocessableEntityException, RateLimitExceededException, GenericServerException,
    ConnectionException, TimeoutException, InvalidResponseException, InvalidArgumentException,
    ConfigurationException];
  const byKind: typeof WorkOSError = ERROR_CLASSES_BY_KIND.not_found;
  void base; void next; void first; void deleted; void byKind;
  return all.length + classes.length;
}
