import type { FastifyRequest } from 'fastify';
import { findRequestState } from './request-state';

export interface PartnerCenterErrorOptions {
  errorName?: string;
  isRetryable?: boolean;
  data?: unknown[];
  /** Marks codes the simulator invented where Microsoft publishes none. */
  simulatorSpecific?: boolean;
}

/** Partner Center's fault body (`ApiFault`); numeric codes as in Microsoft's examples. */
export function partnerCenterErrorBody(
  code: number,
  description: string,
  options: PartnerCenterErrorOptions = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = { code, description, data: options.data ?? [], source: 'PartnerFD' };
  if (options.errorName !== undefined) body.errorName = options.errorName;
  if (options.isRetryable !== undefined) body.isRetryable = options.isRetryable;
  body.errorMessageExtended = options.simulatorSpecific === true ? `SimulatorSpecificCode=${code}` : `InternalErrorCode=${code}`;
  return body;
}

export function graphErrorBody(request: FastifyRequest, code: string, message: string): Record<string, unknown> {
  return {
    error: {
      code,
      message,
      innerError: { 'request-id': findRequestState(request)?.requestId ?? '', date: new Date().toISOString().slice(0, 19) },
    },
  };
}

/** Thrown from handlers and state helpers; the error handler renders it in the surface's shape. */
export class SimulatedApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | string,
    message: string,
    readonly options: PartnerCenterErrorOptions = {},
  ) {
    super(message);
    this.name = 'SimulatedApiError';
  }
}

/** Generic invalid-input code for Partner Center (observed as 2000 "bad argument" in real responses). */
export const INVALID_INPUT_CODE = 2000;

export function invalidInput(message: string): SimulatedApiError {
  return new SimulatedApiError(400, INVALID_INPUT_CODE, message, { isRetryable: false });
}
