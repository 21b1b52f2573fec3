import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, registerDecorator, type ValidationOptions } from 'class-validator';

/** At most this many custom headers per endpoint. */
export const MAX_CUSTOM_HEADERS = 10;
const NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
/**
 * Names a subscription may not set: the Standard Webhooks headers (`webhook-*`), what HTTP itself
 * owns (host, content-length, transfer-encoding, connection and the other hop-by-hop headers) and
 * what the delivery sets (content-type, user-agent).
 */
const RESERVED = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-authorization',
  'proxy-connection',
  'expect',
  'user-agent',
]);

/** Why these custom headers are refused, or null. */
export function customHeadersProblem(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'must be an object of header names to values';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_CUSTOM_HEADERS) return `at most ${MAX_CUSTOM_HEADERS} headers`;
  const seen = new Set<string>();
  for (const [name, v] of entries) {
    const lower = name.toLowerCase();
    if (!NAME.test(name)) return `"${name.slice(0, 64)}" is not a valid header name`;
    if (lower.startsWith('webhook-') || RESERVED.has(lower))
      return `"${name}" is set by the service and cannot be overridden`;
    if (seen.has(lower)) return `"${name}" is given twice`;
    seen.add(lower);
    if (typeof v !== 'string') return `the value of "${name}" must be a string`;
    if (v.length > 1000) return `the value of "${name}" is longer than 1000 characters`;
    if (/[\u0000-\u001f\u007f]/.test(v) || !/^[\u0020-\u007e\u0080-\u00ff]*$/.test(v))
      return `the value of "${name}" must be printable text without line breaks`;
  }
  return null;
}

/** Custom headers normalised: names lower-cased, values trimmed. */
export function normaliseHeaders(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v.trim()]));
}

export function IsCustomHeaders(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCustomHeaders',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => customHeadersProblem(value) === null,
        defaultMessage: (args) => customHeadersProblem(args?.value) ?? 'invalid headers',
      },
    });
}

/** The optional `headers` property of a webhook DTO: its OpenAPI description and its validation. */
export function CustomHeadersProperty() {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'object',
      additionalProperties: { type: 'string', maxLength: 1000 },
      maxProperties: MAX_CUSTOM_HEADERS,
      example: { 'x-cms-token': 'a3f9…' },
      description:
        'Custom request headers sent with every delivery (at most 10). Names are HTTP tokens; never webhook-*, host, content-length, content-type, user-agent or hop-by-hop headers; values are printable, without line breaks, at most 1000 characters. PATCH replaces the whole set ({} removes them).',
    }),
    IsOptional(),
    IsCustomHeaders() as PropertyDecorator,
  );
}
