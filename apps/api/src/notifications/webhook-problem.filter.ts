import {
  NotificationsError,
  WebhookConflictError,
  WebhookDeliveryNotFoundError,
  WebhookEndpointNotFoundError,
  WebhookForbiddenError,
  WebhookUrlRefusedError,
  WebhookValidationError,
} from '@nce/notifications';
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type ProblemDetails, problem } from '../http/problem';
import { sendProblem } from '../http/problem.filter';

export function notificationsProblem(error: NotificationsError): ProblemDetails {
  if (error instanceof WebhookValidationError) return problem(400, 'validation-error', 'Invalid request', 'One or more fields are invalid', { errors: error.errors });
  if (error instanceof WebhookUrlRefusedError) return problem(400, 'validation-error', 'Invalid request', error.message, { errors: [{ field: 'url', message: error.message }] });
  if (error instanceof WebhookEndpointNotFoundError || error instanceof WebhookDeliveryNotFoundError) return problem(404, 'not-found', 'Not found', error.message);
  if (error instanceof WebhookForbiddenError) return problem(403, 'forbidden', 'Forbidden', error.message);
  if (error instanceof WebhookConflictError) return problem(409, 'conflict', 'Conflict', error.message);
  return problem(400, 'webhooks', 'Request refused', error.message);
}

/** Maps the notifications context's errors (stable codes) to problem+json on the webhook routes. */
@Catch(NotificationsError)
export class WebhookProblemFilter implements ExceptionFilter {
  catch(error: NotificationsError, host: ArgumentsHost): void {
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), notificationsProblem(error));
  }
}
