// Fixed event types (DESIGN.md section 6).
export const ORDER_EVENT_TYPES = [
  'order.accepted',
  'order.progressed',
  'order.action_required',
  'order.delayed',
  'order.completed',
  'order.failed',
  'order.cancelled',
  'gdap.approval_required',
  'gdap.roles_approved',
] as const;

export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

export interface OrderEventDraft {
  type: OrderEventType;
  data: Record<string, unknown>;
}

export interface OrderEvent {
  orderId: string;
  sequence: number;
  type: OrderEventType;
  occurredAt: Date;
  data: Record<string, unknown>;
}
