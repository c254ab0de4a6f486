import { ApiClient, type TestStack, startTestStack } from '@nce/testing';
import { type PanelBrowser, launchPanelBrowser } from './panel-browser';

// Parked orders are not re-checked by the workers during a test: every required action is resolved
// from the page ("I have done it", "Check again"), never by a background re-check racing the click.
const ENV = { RECHECK_BASE_MS: '600000', RECHECK_MAX_MS: '600000', PROVISIONING_POLL_MS: '50' };

export interface PanelStack {
  stack: TestStack;
  api: ApiClient;
  browser: PanelBrowser;
}

/** The stack the panel's journeys need (API, subscription, mca and gdap workers) and a browser on it. */
export async function startPanelStack(label: string, env: Record<string, string> = {}): Promise<PanelStack> {
  const stack = await startTestStack({ label, workers: ['worker-subscription', 'worker-mca', 'worker-gdap'], env: { ...ENV, ...env } });
  try {
    return { stack, api: new ApiClient(stack.apiUrl), browser: await launchPanelBrowser(stack.apiUrl) };
  } catch (error) {
    // No browser (e.g. Chromium missing): the stack's processes must not outlive the test run.
    await stack.stop();
    throw error;
  }
}

export async function stopPanelStack(panel: Partial<PanelStack>): Promise<void> {
  await panel.browser?.close();
  await panel.stack?.stop();
}

/** A new customer of the demo partner of `channel`, with its own API key (as the partner creates them). */
export async function newCustomer(
  panel: PanelStack,
  channel: 'direct' | 'indirect',
  name: string,
): Promise<{ id: string; apiKey: string }> {
  const partner = panel.api.as(panel.stack.credentials.partners[channel].apiKey);
  const created = await partner.post('/v1/customers', { name });
  const key = await partner.post(`/v1/customers/${created.body.id}/api-keys`, {});
  return { id: created.body.id as string, apiKey: key.body.apiKey as string };
}

/** A single-use panel sign-in link for a customer, as the partner's portal asks for it. */
export async function panelLink(
  panel: PanelStack,
  channel: 'direct' | 'indirect',
  customerId: string,
  body: Record<string, unknown> = {},
): Promise<{ url: string; expiresAt: string }> {
  const reply = await panel.api
    .as(panel.stack.credentials.partners[channel].apiKey)
    .post(`/v1/customers/${customerId}/panel-sessions`, body);
  if (reply.status !== 201) throw new Error(`panel link: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body as { url: string; expiresAt: string };
}
