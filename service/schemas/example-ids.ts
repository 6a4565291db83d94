/**
 * The ids the OpenAPI examples share, so the document tells one story: the PingCode connection of an
 * agency, its project "Checkout revamp" with milestones "Beta" and "Release 2", the weekly update, a share
 * link, a client question, a webhook subscription. UUIDv7 like the ids the API hands out.
 */
export const EXAMPLE_ID = {
  connection: '0193a000-0000-7000-8000-0000000000f1',
  project: '0193a000-0000-7000-8000-0000000000a1',
  publishedUpdate: '0193a000-0000-7000-8000-0000000000b1',
  draftUpdate: '0193a000-0000-7000-8000-0000000000b2',
  task: '0193a000-0000-7000-8000-0000000000c1',
  blockedTask: '0193a000-0000-7000-8000-0000000000c2',
  betaMilestone: '0193a000-0000-7000-8000-0000000000d1',
  releaseMilestone: '0193a000-0000-7000-8000-0000000000d2',
  feedback: '0193a000-0000-7000-8000-0000000000e1',
  syncRun: '0193a000-0000-7000-8000-0000000001a1',
  shareLink: '0193a000-0000-7000-8000-0000000001b1',
  webhookSubscription: '0193a000-0000-7000-8000-0000000001c1',
  webhookDelivery: '0193a000-0000-7000-8000-0000000001d1',
  webhookEvent: '0193a000-0000-7000-8000-0000000001e1',
  commPlan: '0193a000-0000-7000-8000-0000000001f1',
  emailChannel: '0193a000-0000-7000-8000-0000000002a1',
  slackChannel: '0193a000-0000-7000-8000-0000000002a2',
  pmChannel: '0193a000-0000-7000-8000-0000000002a3',
  channelDelivery: '0193a000-0000-7000-8000-0000000002b1',
} as const;
