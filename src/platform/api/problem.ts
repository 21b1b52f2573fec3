import { HttpException } from '@nestjs/common';

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_TYPE_BASE = 'https://corroborate.dev/problems/';

/** An RFC 9457 problem as an exception: throw it from anywhere, the filter renders it. */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly slug: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail, status);
  }

  body(): ProblemBody {
    const status = this.getStatus();
    const body: ProblemBody = {
      type: PROBLEM_TYPE_BASE + this.slug,
      title: TITLES[status] ?? 'Error',
      status,
      detail: this.detail,
    };
    if (this.errors) body.errors = this.errors;
    return body;
  }

  static badRequest = (detail: string, errors?: FieldError[]) => new Problem(400, 'invalid-request', detail, errors);
  static unauthorized = (detail = 'Missing or invalid API key') => new Problem(401, 'unauthorized', detail);
  static forbidden = (detail = 'Your role does not allow this') => new Problem(403, 'forbidden', detail);
  static notFound = (what = 'Resource') => new Problem(404, 'not-found', `${what} not found`);
  static conflict = (detail: string, slug = 'conflict') => new Problem(409, slug, detail);
  static unprocessable = (detail: string, slug = 'unprocessable') => new Problem(422, slug, detail);
  static unavailable = (detail: string) => new Problem(503, 'dependency-unavailable', detail);
}

export function problemFor(status: number, detail: string, slug?: string): ProblemBody {
  return new Problem(status, slug ?? (TITLES[status] ?? 'error').toLowerCase().replace(/\s+/g, '-'), detail).body();
}
