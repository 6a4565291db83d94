// Generated from openapi/openapi.json by `npm run openapi:types`: do not edit.

export interface paths {
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Liveness: the process answers
     * @description Answers 200 while the process can serve HTTP, whatever its dependencies: for a liveness probe (restart when it fails).
     */
    get: operations['getHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Readiness: the database and Redis answer
     * @description Each check must answer within 2 s; for a readiness probe or a load balancer (send traffic only while 200).
     */
    get: operations['getReadiness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/connections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List connections
     * @description Oldest first, with each connection’s sync status, last error and next reconciliation.
     */
    get: operations['listConnections'];
    put?: never;
    /**
     * Connect a PM-tool account
     * @description Checks the credentials against the tool before saving them (encrypted); answers 422 in plain words when the tool refuses them or cannot be reached.
     */
    post: operations['createConnection'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/connections/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a connection
     * @description Its status, last sync error in plain words, next reconciliation and webhook address.
     */
    get: operations['getConnection'];
    put?: never;
    post?: never;
    /**
     * Delete a connection and the data synced through it
     * @description Removes its projects, tasks, milestones, sync runs and everything published from them; its reconciliation stops.
     */
    delete: operations['deleteConnection'];
    options?: never;
    head?: never;
    /**
     * Change a connection
     * @description New credentials, base URL or settings are checked against the tool first.
     */
    patch: operations['updateConnection'];
    trace?: never;
  };
  '/api/v1/connections/{id}/syncs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List a connection's sync runs, oldest first
     * @description Every run of every project of the connection: API, schedule, webhook and panel triggered.
     */
    get: operations['listSyncs'];
    put?: never;
    /**
     * Sync a project now
     * @description Queues a full or incremental run for one project and answers 202 at once. While a run for the same project is queued or running, answers 202 with that run instead of starting another.
     */
    post: operations['createSync'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/syncs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a sync run and its progress
     * @description Poll it after `createSync`: `status` ends `succeeded`, `failed` or `auth_failed`; `progress` counts work items, `waitingUntil` shows a wait the tool asked for, `error` says in plain words what went wrong.
     */
    get: operations['getSync'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/projects': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List projects
     * @description The projects the connections reach, oldest first; `connectionId` keeps those of one connection. A project syncs once it is asked for (`createSync`).
     */
    get: operations['listProjects'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/projects/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a project
     * @description As synced from the tool, with its client settings.
     */
    get: operations['getProject'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Choose what clients see and how soon their feedback is answered
     * @description Task types and labels listed here are internal work: hidden from share pages and the summary. `responseTargetHours` is the answer time client feedback is flagged `overdue` after. Settings left out keep their value.
     */
    patch: operations['updateProjectClientSettings'];
    trace?: never;
  };
  '/api/v1/projects/{id}/tasks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List a project's tasks
     * @description Normalized across tools (`statusCategory`: planned, in_progress, done, cancelled), oldest first; filter by status category or milestone. Tasks deleted upstream are left out unless `includeDeleted=true`.
     */
    get: operations['listProjectTasks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/projects/{id}/tasks/{taskId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Give a task a client-facing title
     * @description `clientTitle: null` shows the title from the tool again. Syncs never overwrite it.
     */
    patch: operations['setTaskClientTitle'];
    trace?: never;
  };
  '/api/v1/projects/{id}/jargon': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Client-visible titles that use technical terms
     * @description Tasks clients can see whose title uses jargon of the chosen language: give them a client-facing title (`setTaskClientTitle`).
     */
    get: operations['listJargon'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/projects/{id}/milestones': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List a project's milestones, by due date
     * @description Milestones, versions, sprints and phases, each with its due-date history: every slip is kept and shown to clients.
     */
    get: operations['listProjectMilestones'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/projects/{id}/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The project's client summary (the share page's JSON twin)
     * @description What clients see, as data: overall and per-milestone progress with forecasts and health, changes since the last published update, detected risks, freshness and the burn-up; `text` holds the same sentences the share page shows, in `lang`. Hidden task types and labels are left out. Every answer carries an `ETag`; send it back in `If-None-Match` to get `304` without a body while the summary is unchanged (it changes after a sync, a publish or a settings change, and at least daily).
     */
    get: operations['getProjectSummary'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/projects/{id}/updates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List a project's updates, newest first (drafts and history)
     * @description Drafts and every published update: the history clients have been told.
     */
    get: operations['listUpdates'];
    put?: never;
    /**
     * Start a draft update
     * @description Without `content`, the draft is pre-filled from what changed since the last update and the detected risks.
     */
    post: operations['createUpdate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/updates/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get an update
     * @description A draft or a published update with its content.
     */
    get: operations['getUpdate'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Change a draft
     * @description Published updates are immutable: 409 `update_published`.
     */
    patch: operations['editUpdate'];
    trace?: never;
  };
  '/api/v1/updates/{id}/publish': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Publish a draft
     * @description Freezes the current summary with the update; share links show it from the next request.
     */
    post: operations['publishUpdate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/projects/{id}/share-links': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List a project's share links with their views
     * @description Active, expired and revoked links with view counts; never their URL (only a hash of the token is kept).
     */
    get: operations['listShareLinks'];
    put?: never;
    /**
     * Create a share link for the client
     * @description The answer holds the link (`url`) exactly once: only a hash of its 256-bit token is stored. Optional expiry and passcode.
     */
    post: operations['createShareLink'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/share-links/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Revoke a share link
     * @description The link answers 410 from the very next request.
     */
    delete: operations['revokeShareLink'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhook-subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List webhook subscriptions
     * @description Oldest first; secrets are never shown again.
     */
    get: operations['listWebhookSubscriptions'];
    put?: never;
    /**
     * Subscribe an endpoint to events
     * @description Answers 201 with the signing secret (generated unless you send one) exactly once. Deliveries are POSTed with `ClientLens-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, `ClientLens-Event` and `ClientLens-Delivery`.
     */
    post: operations['createWebhookSubscription'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhook-subscriptions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a webhook subscription
     * @description Its URL, events and active flag; the secret is never shown again.
     */
    get: operations['getWebhookSubscription'];
    put?: never;
    post?: never;
    /**
     * Delete a subscription and its delivery log
     * @description No more events are sent to it; deliveries not yet made are dropped.
     */
    delete: operations['deleteWebhookSubscription'];
    options?: never;
    head?: never;
    /**
     * Change the URL, events or active flag of a subscription
     * @description An inactive subscription receives no new events; deliveries already due are marked failed instead of sent.
     */
    patch: operations['updateWebhookSubscription'];
    trace?: never;
  };
  '/api/v1/webhook-subscriptions/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A subscription's delivery log, newest first
     * @description One entry per event sent to this subscription: status, attempts, the last HTTP status and the last error in plain words.
     */
    get: operations['listWebhookDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/projects/{id}/comm-plan': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get the project's communication plan
     * @description With the next run time (from the scheduler) and the latest delivery problems.
     */
    get: operations['getCommPlan'];
    /**
     * Set the project's communication plan
     * @description Replaces the plan: cadence, client channels, PM notifications, grace period. At each cadence time a pre-filled draft is created and the PM notified; publishing an update sends it to every client channel. Webhook URLs and secrets are write-only (send a channel back with its `id` and without `webhookUrl` to keep them). The first PUT creates the share link the messages carry. Email channels need SMTP on the server: `422 email_not_configured` otherwise.
     */
    put: operations['putCommPlan'];
    post?: never;
    /**
     * Stop the communication plan
     * @description No more cycles, reminders or sends; sends not yet made fail as `plan_removed`. The share link stays valid.
     */
    delete: operations['deleteCommPlan'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/projects/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The project's channel sends, newest first
     * @description One entry per message to one channel (published updates, draft-ready notices, reminders): status, attempts, next attempt and the last error in plain words.
     */
    get: operations['listChannelDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/projects/{id}/feedback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List a project's client feedback, newest first
     * @description Questions, comments, approvals, change requests and ratings sent from share pages. `overdue` flags open items past the response target.
     */
    get: operations['listFeedback'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/feedback/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Answer client feedback or change its status
     * @description A reply makes the item `answered` unless a `status` is given, and shows under the client’s question or comment on the share page from the next request. `answered` without a reply is `409 reply_required`.
     */
    patch: operations['answerFeedback'];
    trace?: never;
  };
  '/api/v1/projects/{id}/agenda': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The agenda for the weekly client meeting, in the project’s language
     * @description Progress since the last published update (overall now vs the frozen snapshot, tasks completed, milestones delivered, date slips); risks and the decisions the client owes (detected risks plus the latest update’s); open client questions, change requests and approvals, oldest first, with `overdue` against the response target; next steps (the latest update’s, else the next milestones due, with forecast). `format=md` answers `text/markdown`.
     */
    get: operations['getProjectAgenda'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/projects/{id}/comm-health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The project's communication health: views and ratings per update, response times
     * @description For the PM, never shown to clients. Per published update: share-page views while it was the latest one, and its ratings. Also the median response time to client feedback, open and overdue feedback, and whole days since the last publication in the project’s time zone.
     */
    get: operations['getProjectCommHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/panel-tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Issue a short-lived token that opens the panel of one project
     * @description For hosts without their own signed identity (PingCode Nexus signs its own): your backend calls this with its API key and hands the token to the embedded panel. The token names only this workspace and project.
     */
    post: operations['createPanelToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/{provider}/{connectionId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Receive a change notification from the PM tool
     * @description Signed by the tool with the connection’s `webhookSecret` (GitHub `X-Hub-Signature-256`, Jira `X-Hub-Signature`, Worktile and PingCode a shared secret). Verified over the raw body; the same delivery id is acted on once; answered before any call to the tool, then an incremental sync of the affected projects runs.
     */
    post: operations['receiveWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /**
     * @example {
     *       "provider": "pingcode",
     *       "name": "Acme PingCode",
     *       "baseUrl": "https://open.pingcode.com",
     *       "credentials": {
     *         "clientId": "k2Vd8yQbLcM1",
     *         "clientSecret": "pc_secret_9fQe3hT7wZ2nR6uA"
     *       },
     *       "timezone": "Asia/Shanghai",
     *       "webhookSecret": "whk_3s9Lq2Vx7Rb4Tn8Pz6Yc",
     *       "reconcileEveryMinutes": 15
     *     }
     */
    CreateConnectionInput: {
      /** @enum {string} */
      provider: 'pingcode' | 'jira' | 'github' | 'worktile';
      name: string;
      /**
       * Format: uri
       * @description The tool's API root; defaults to its public cloud (PingCode: https://open.pingcode.com).
       */
      baseUrl?: string;
      /** @description PingCode: `{ clientId, clientSecret }`; Worktile: `{ clientId, clientSecret }`; Jira: `{ type: "basic", email, apiToken }` or `{ type: "oauth", accessToken }`; GitHub: `{ token }`. Never returned. */
      credentials: {
        [key: string]: unknown;
      };
      settings?: {
        [key: string]: unknown;
      };
      /** @description Turns the tool's instants into calendar dates; defaults to the workspace's. */
      timezone?: string;
      /** @description The secret the tool signs its webhooks with (GitHub, Jira: the webhook’s secret; Worktile, PingCode: a shared secret). Write-only; `null` removes it. */
      webhookSecret?: string | null;
      /** @description Minutes between reconciliation syncs; default 15, 0 = never. */
      reconcileEveryMinutes?: number;
    };
    /**
     * @example {
     *       "name": "Acme PingCode (production)",
     *       "reconcileEveryMinutes": 30
     *     }
     */
    UpdateConnectionInput: {
      name?: string;
      /**
       * Format: uri
       * @description The tool's API root; defaults to its public cloud (PingCode: https://open.pingcode.com).
       */
      baseUrl?: string;
      /** @description PingCode: `{ clientId, clientSecret }`; Worktile: `{ clientId, clientSecret }`; Jira: `{ type: "basic", email, apiToken }` or `{ type: "oauth", accessToken }`; GitHub: `{ token }`. Never returned. */
      credentials?: {
        [key: string]: unknown;
      };
      settings?: {
        [key: string]: unknown;
      };
      /** @description Turns the tool's instants into calendar dates; defaults to the workspace's. */
      timezone?: string;
      /** @description The secret the tool signs its webhooks with (GitHub, Jira: the webhook’s secret; Worktile, PingCode: a shared secret). Write-only; `null` removes it. */
      webhookSecret?: string | null;
      /** @description Minutes between reconciliation syncs; default 15, 0 = never. */
      reconcileEveryMinutes?: number;
    };
    /**
     * @example {
     *       "clientSettings": {
     *         "hiddenTypes": [
     *           "bug"
     *         ],
     *         "hiddenLabels": [
     *           "internal"
     *         ],
     *         "responseTargetHours": 16
     *       }
     *     }
     */
    ClientSettingsInput: {
      clientSettings: {
        hiddenTypes?: string[];
        hiddenLabels?: string[];
        /** @description Business hours (Mon–Fri) to answer client feedback in; default 24. */
        responseTargetHours?: number;
      };
    };
    /**
     * @example {
     *       "clientTitle": "Pay by card, with your bank’s confirmation step"
     *     }
     */
    TaskClientTitleInput: {
      clientTitle: string | null;
    };
    /**
     * @example {
     *       "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *       "kind": "incremental"
     *     }
     */
    CreateSyncInput: {
      /** Format: uuid */
      projectId: string;
      /**
       * @description Default: incremental when the project synced before, else full.
       * @enum {string}
       */
      kind?: 'full' | 'incremental';
    };
    /**
     * @example {
     *       "label": "ACME board",
     *       "language": "en",
     *       "detail": "overview",
     *       "expiresAt": "2027-06-30T23:59:59+08:00",
     *       "passcode": "harbour-7431"
     *     }
     */
    CreateShareLinkInput: {
      /** @description Who the link is for, e.g. "ACME board". */
      label?: string;
      /**
       * @default en
       * @enum {string}
       */
      language?: 'en' | 'zh-CN' | 'fr';
      /**
       * @description `overview`: milestones, progress, update, risks. `detailed`: also the tasks of each milestone.
       * @default overview
       * @enum {string}
       */
      detail?: 'overview' | 'detailed';
      /** Format: date-time */
      expiresAt?: string;
      passcode?: string;
    };
    /**
     * @example {
     *       "headline": "Card payments work end to end in the test shop",
     *       "highlights": [
     *         "Card payment form finished, with the bank’s confirmation step",
     *         "Beta delivered on 8 March"
     *       ],
     *       "risks": [
     *         {
     *           "problem": "The payment provider has not opened our test account yet.",
     *           "impact": "Card payments cannot be tested end to end.",
     *           "mitigation": "We test against their sandbox meanwhile.",
     *           "decision": {
     *             "question": "Ship Release 2 without PayPal?",
     *             "by": "2026-03-12"
     *           }
     *         }
     *       ],
     *       "nextSteps": [
     *         "Finish the PayPal button",
     *         "Start acceptance testing with your team"
     *       ]
     *     }
     */
    UpdateContentInput: {
      headline: string;
      /** @default [] */
      highlights?: string[];
      /** @default [] */
      risks?: {
        problem: string;
        /** @default  */
        impact?: string;
        /** @default  */
        mitigation?: string;
        /** @default null */
        decision?: {
          /** @description What the client must decide. */
          question: string;
          /**
           * @description By when.
           * @default null
           */
          by?: string | null;
        } | null;
      }[];
      /** @default [] */
      nextSteps?: string[];
    };
    /**
     * @example {
     *       "content": {
     *         "headline": "Card payments work end to end in the test shop",
     *         "highlights": [
     *           "Card payment form finished, with the bank’s confirmation step",
     *           "Beta delivered on 8 March"
     *         ],
     *         "risks": [
     *           {
     *             "problem": "The payment provider has not opened our test account yet.",
     *             "impact": "Card payments cannot be tested end to end.",
     *             "mitigation": "We test against their sandbox meanwhile.",
     *             "decision": {
     *               "question": "Ship Release 2 without PayPal?",
     *               "by": "2026-03-12"
     *             }
     *           }
     *         ],
     *         "nextSteps": [
     *           "Finish the PayPal button",
     *           "Start acceptance testing with your team"
     *         ]
     *       }
     *     }
     */
    CreateUpdateInput: {
      /** @description Leave out to get a draft pre-filled from what changed and the detected risks. */
      content?: components['schemas']['UpdateContentInput'];
    };
    /**
     * @example {
     *       "content": {
     *         "headline": "Card payments work end to end in the test shop",
     *         "highlights": [
     *           "Card payment form finished, with the bank’s confirmation step",
     *           "Beta delivered on 8 March"
     *         ],
     *         "risks": [
     *           {
     *             "problem": "The payment provider has not opened our test account yet.",
     *             "impact": "Card payments cannot be tested end to end.",
     *             "mitigation": "We test against their sandbox meanwhile.",
     *             "decision": {
     *               "question": "Ship Release 2 without PayPal?",
     *               "by": "2026-03-12"
     *             }
     *           }
     *         ],
     *         "nextSteps": [
     *           "Finish the PayPal button",
     *           "Start acceptance testing with your team"
     *         ]
     *       }
     *     }
     */
    EditUpdateInput: {
      content: components['schemas']['UpdateContentInput'];
    };
    /**
     * @example {
     *       "url": "https://hooks.agency.example/clientlens",
     *       "events": [
     *         "update.published",
     *         "feedback.created"
     *       ],
     *       "active": true
     *     }
     */
    CreateWebhookSubscriptionInput: {
      /**
       * Format: uri
       * @description Where events are POSTed: https, not a private or loopback address (unless the operator allows private upstreams). Redirects are not followed.
       */
      url: string;
      /** @description Events to receive: `sync.completed`, `sync.failed`, `update.published`, `feedback.created`, `feedback.answered`. */
      events: (
        'sync.completed' | 'sync.failed' | 'update.published' | 'feedback.created' | 'feedback.answered'
      )[];
      /** @description Your own signing secret; leave out and one is generated (`whsec_…`). */
      secret?: string;
      /** @default true */
      active?: boolean;
    };
    /**
     * @example {
     *       "events": [
     *         "update.published",
     *         "feedback.created",
     *         "feedback.answered"
     *       ]
     *     }
     */
    UpdateWebhookSubscriptionInput: {
      /**
       * Format: uri
       * @description Where events are POSTed: https, not a private or loopback address (unless the operator allows private upstreams). Redirects are not followed.
       */
      url?: string;
      /** @description Events to receive: `sync.completed`, `sync.failed`, `update.published`, `feedback.created`, `feedback.answered`. */
      events?: (
        'sync.completed' | 'sync.failed' | 'update.published' | 'feedback.created' | 'feedback.answered'
      )[];
      active?: boolean;
    };
    /** @description `weekly`/`biweekly` on a `weekday`, or `monthly` on a `dayOfMonth`, at `hour` in `timezone`. Biweekly runs every second week from the week of its first run. */
    CommPlanCadenceInput:
      | {
          /** @enum {string} */
          frequency: 'weekly' | 'biweekly';
          /** @enum {string} */
          weekday: 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
          /** @description Full hour of the day, 0–23, local time. */
          hour: number;
          /** @description IANA time zone the weekday, day and hour are read in, e.g. `Asia/Shanghai`. */
          timezone: string;
        }
      | {
          /** @constant */
          frequency: 'monthly';
          /** @description 1–28, so every month has it. */
          dayOfMonth: number;
          /** @description Full hour of the day, 0–23, local time. */
          hour: number;
          /** @description IANA time zone the weekday, day and hour are read in, e.g. `Asia/Shanghai`. */
          timezone: string;
        };
    ClientChannelSettingInput:
      | {
          /** @constant */
          type: 'email';
          recipients: {
            /** Format: email */
            address: string;
            name?: string;
            /** @enum {string} */
            locale: 'en' | 'zh-CN' | 'fr';
          }[];
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
        }
      | {
          /** @constant */
          type: 'slack';
          /**
           * Format: uri
           * @description The incoming-webhook URL (a credential: stored encrypted, shown as scheme and host only). Leave out, or send the redacted value back, to keep the stored one of the channel with this `id`.
           */
          webhookUrl?: string;
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
        }
      | {
          /** @constant */
          type: 'wecom';
          /**
           * Format: uri
           * @description The incoming-webhook URL (a credential: stored encrypted, shown as scheme and host only). Leave out, or send the redacted value back, to keep the stored one of the channel with this `id`.
           */
          webhookUrl?: string;
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
        }
      | {
          /** @constant */
          type: 'dingtalk';
          /**
           * Format: uri
           * @description The incoming-webhook URL (a credential: stored encrypted, shown as scheme and host only). Leave out, or send the redacted value back, to keep the stored one of the channel with this `id`.
           */
          webhookUrl?: string;
          /** Format: starts_with */
          secret?: string;
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
        }
      | {
          /** @constant */
          type: 'feishu';
          /**
           * Format: uri
           * @description The incoming-webhook URL (a credential: stored encrypted, shown as scheme and host only). Leave out, or send the redacted value back, to keep the stored one of the channel with this `id`.
           */
          webhookUrl?: string;
          secret?: string;
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
        }
      | {
          /** @constant */
          type: 'teams';
          /**
           * Format: uri
           * @description The incoming-webhook URL (a credential: stored encrypted, shown as scheme and host only). Leave out, or send the redacted value back, to keep the stored one of the channel with this `id`.
           */
          webhookUrl?: string;
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
        };
    PmNotifySettingInput:
      | {
          /** @constant */
          type: 'email';
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
          recipients: {
            /** Format: email */
            address: string;
            name?: string;
            /**
             * @description The language of the notices; defaults to the workspace's.
             * @enum {string}
             */
            locale?: 'en' | 'zh-CN' | 'fr';
          }[];
        }
      | {
          /** @constant */
          type: 'slack';
          /**
           * Format: uri
           * @description The incoming-webhook URL (a credential: stored encrypted, shown as scheme and host only). Leave out, or send the redacted value back, to keep the stored one of the channel with this `id`.
           */
          webhookUrl?: string;
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
        }
      | {
          /** @constant */
          type: 'wecom';
          /**
           * Format: uri
           * @description The incoming-webhook URL (a credential: stored encrypted, shown as scheme and host only). Leave out, or send the redacted value back, to keep the stored one of the channel with this `id`.
           */
          webhookUrl?: string;
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
        }
      | {
          /** @constant */
          type: 'dingtalk';
          /**
           * Format: uri
           * @description The incoming-webhook URL (a credential: stored encrypted, shown as scheme and host only). Leave out, or send the redacted value back, to keep the stored one of the channel with this `id`.
           */
          webhookUrl?: string;
          /** Format: starts_with */
          secret?: string;
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
        }
      | {
          /** @constant */
          type: 'feishu';
          /**
           * Format: uri
           * @description The incoming-webhook URL (a credential: stored encrypted, shown as scheme and host only). Leave out, or send the redacted value back, to keep the stored one of the channel with this `id`.
           */
          webhookUrl?: string;
          secret?: string;
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
        }
      | {
          /** @constant */
          type: 'teams';
          /**
           * Format: uri
           * @description The incoming-webhook URL (a credential: stored encrypted, shown as scheme and host only). Leave out, or send the redacted value back, to keep the stored one of the channel with this `id`.
           */
          webhookUrl?: string;
          /**
           * Format: uuid
           * @description Leave out for a new channel. Send the id of an existing one to keep it; without `webhookUrl` it keeps its stored URL and secret too.
           */
          id?: string;
          /** @description For you, e.g. `#atlas-client`. */
          name?: string;
        };
    /**
     * @example {
     *       "cadence": {
     *         "frequency": "weekly",
     *         "weekday": "friday",
     *         "hour": 16,
     *         "timezone": "Europe/Paris"
     *       },
     *       "language": "fr",
     *       "channels": [
     *         {
     *           "type": "email",
     *           "name": "Client team",
     *           "recipients": [
     *             {
     *               "address": "anna@client.example",
     *               "name": "Anna",
     *               "locale": "fr"
     *             }
     *           ]
     *         },
     *         {
     *           "type": "slack",
     *           "name": "#atlas-client",
     *           "webhookUrl": "https://hooks.slack.com/services/T000/B000/XXXX"
     *         }
     *       ],
     *       "graceHours": 24,
     *       "pmNotify": [
     *         {
     *           "type": "email",
     *           "recipients": [
     *             {
     *               "address": "pm@agency.example"
     *             }
     *           ]
     *         }
     *       ]
     *     }
     */
    PutCommPlanInput: {
      cadence: components['schemas']['CommPlanCadenceInput'];
      /**
       * @description Language of chat messages and of the plan's share link; emails use each recipient's. Defaults to the workspace's.
       * @enum {string}
       */
      language?: 'en' | 'zh-CN' | 'fr';
      /**
       * @description Where each published update is sent.
       * @default []
       */
      channels?: components['schemas']['ClientChannelSettingInput'][];
      /**
       * @description Hours after a cycle’s draft is ready before the PM is reminded once, if it is still a draft.
       * @default 24
       */
      graceHours?: number;
      /**
       * @description Where the PM hears that a draft is ready, and the reminder.
       * @default []
       */
      pmNotify?: components['schemas']['PmNotifySettingInput'][];
    };
    /**
     * @example {
     *       "reply": "The test shop opens on 16 March; we will send you the link.",
     *       "status": "answered"
     *     }
     */
    AnswerFeedbackInput: {
      /** @description Your answer; `null` removes it (an answered item is then open again). */
      reply?: string | null;
      /**
       * @description Defaults to `answered` when a reply is given. `answered` needs a reply.
       * @enum {string}
       */
      status?: 'open' | 'answered' | 'closed';
    };
    /**
     * @example {
     *       "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *       "ttlSeconds": 600,
     *       "locale": "zh-CN"
     *     }
     */
    CreatePanelTokenInput: {
      /** Format: uuid */
      projectId: string;
      /**
       * @description How long the token is accepted, in seconds (60–3600, default 600).
       * @default 600
       */
      ttlSeconds?: number;
      /**
       * @description The panel's language; without it the panel follows the workspace's.
       * @enum {string}
       */
      locale?: 'en' | 'zh-CN' | 'fr';
    };
    /**
     * @example {
     *       "type": "urn:clientlens:problem:not_found",
     *       "title": "Not Found",
     *       "status": 404,
     *       "code": "not_found",
     *       "detail": "Project was not found."
     *     }
     */
    Problem: {
      /** @description A URI naming the problem type. */
      type: string;
      title: string;
      status: number;
      /** @description Stable, snake_case: the value to branch on. */
      code: string;
      /** @description A plain sentence saying what went wrong and what to do. */
      detail: string;
      instance?: string;
      requestId?: string;
      errors?: {
        /** @description The input field, as a dotted path (e.g. `credentials.clientId`). */
        field: string;
        message: string;
      }[];
    };
    /**
     * @description A link to one PM-tool account. Credentials are write-only.
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000000f1",
     *       "provider": "pingcode",
     *       "name": "Acme PingCode",
     *       "baseUrl": "https://open.pingcode.com",
     *       "settings": {},
     *       "timezone": "Asia/Shanghai",
     *       "status": "active",
     *       "lastError": null,
     *       "lastSyncedAt": "2026-03-10T01:45:00.000Z",
     *       "reconcileEveryMinutes": 15,
     *       "nextSyncAt": "2026-03-10T02:00:00.000Z",
     *       "webhook": {
     *         "path": "/webhooks/pingcode/0193a000-0000-7000-8000-0000000000f1",
     *         "hasSecret": true
     *       },
     *       "createdAt": "2026-02-02T03:12:45.000Z",
     *       "updatedAt": "2026-03-10T01:45:00.000Z"
     *     }
     */
    Connection: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      provider: 'pingcode' | 'jira' | 'github' | 'worktile';
      name: string;
      baseUrl: string;
      settings: {
        [key: string]: unknown;
      };
      timezone: string;
      /** @enum {string} */
      status: 'active' | 'auth_failed' | 'error';
      /** @description The last sync failure in plain words: bad credentials, no access to the project, the tool down, rate limited until … */
      lastError: {
        code: string;
        message: string;
      } | null;
      lastSyncedAt: string | null;
      /** @description Minutes between reconciliation syncs of every synced project (0 = never). */
      reconcileEveryMinutes: number;
      /** @description The next reconciliation sync, from its job scheduler; null when off or the queue is away. */
      nextSyncAt: string | null;
      /** @description Inbound webhooks: changes arrive within seconds instead of at the next reconciliation. */
      webhook: {
        /** @description POST the tool’s webhooks to this path of your ClientLens address. */
        path: string;
        /** @description A signing secret is set (required to accept deliveries). */
        hasSecret: boolean;
      };
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      updatedAt: string;
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000000a1",
     *       "connectionId": "0193a000-0000-7000-8000-0000000000f1",
     *       "externalId": "64f1c0e2a7b3d90012ab34cd",
     *       "key": "CHK",
     *       "name": "Checkout revamp",
     *       "url": "https://acme.pingcode.com/pjm/projects/64f1c0e2a7b3d90012ab34cd",
     *       "type": "scrum",
     *       "startDate": "2026-01-12",
     *       "endDate": "2026-04-30",
     *       "archived": false,
     *       "lastSyncedAt": "2026-03-10T01:45:00.000Z",
     *       "clientSettings": {
     *         "hiddenTypes": [
     *           "bug"
     *         ],
     *         "hiddenLabels": [
     *           "internal"
     *         ],
     *         "responseTargetHours": 24
     *       }
     *     }
     */
    Project: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      connectionId: string;
      externalId: string;
      key: string | null;
      name: string;
      url: string | null;
      type: string | null;
      startDate: string | null;
      endDate: string | null;
      archived: boolean;
      lastSyncedAt: string | null;
      clientSettings: {
        hiddenTypes: string[];
        hiddenLabels: string[];
        /** @description How soon client feedback should be answered, in business hours (Monday–Friday, in the project’s time zone); 24 = one business day. */
        responseTargetHours: number;
      };
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000000d2",
     *       "externalId": "65a2d1f3b8c4e01123bc45de",
     *       "kind": "version",
     *       "name": "Release 2",
     *       "url": "https://acme.pingcode.com/pjm/projects/64f1c0e2a7b3d90012ab34cd/versions/65a2d1f3b8c4e01123bc45de",
     *       "startDate": "2026-03-02",
     *       "dueDate": "2026-03-27",
     *       "dueHistory": [
     *         {
     *           "from": "2026-03-20",
     *           "to": "2026-03-27",
     *           "at": "2026-03-06T09:30:00.000Z"
     *         }
     *       ],
     *       "status": "in_progress",
     *       "progress": 0.4,
     *       "completedAt": null
     *     }
     */
    Milestone: {
      /** Format: uuid */
      id: string;
      externalId: string;
      /** @enum {string} */
      kind: 'milestone' | 'version' | 'sprint' | 'phase';
      name: string;
      url: string | null;
      startDate: string | null;
      dueDate: string | null;
      /** @description Every due-date change seen, oldest first. */
      dueHistory: {
        from: string | null;
        to: string | null;
        at: string;
      }[];
      /** @enum {string} */
      status: 'planned' | 'in_progress' | 'done' | 'cancelled';
      /** @description The tool's own progress figure, 0..1. */
      progress: number | null;
      completedAt: string | null;
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000000c1",
     *       "externalId": "65b3e2a4c9d5f12234cd56ef",
     *       "identifier": "CHK-42",
     *       "title": "Card payment form: 3-D Secure redirect",
     *       "type": "story",
     *       "statusName": "In review",
     *       "statusCategory": "in_progress",
     *       "blocked": false,
     *       "milestoneIds": [
     *         "0193a000-0000-7000-8000-0000000000d2"
     *       ],
     *       "parentExternalId": null,
     *       "assignee": "Li Wei",
     *       "labels": [
     *         "payments"
     *       ],
     *       "startDate": "2026-03-03",
     *       "dueDate": "2026-03-13",
     *       "completedAt": null,
     *       "estimate": 5,
     *       "url": "https://acme.pingcode.com/pjm/workitems/CHK-42",
     *       "remoteUpdatedAt": "2026-03-09T08:21:07.000Z",
     *       "clientTitle": "Pay by card, with your bank’s confirmation step",
     *       "deleted": false
     *     }
     */
    Task: {
      /** Format: uuid */
      id: string;
      externalId: string;
      identifier: string | null;
      title: string;
      type: string | null;
      statusName: string | null;
      /** @enum {string} */
      statusCategory: 'planned' | 'in_progress' | 'done' | 'cancelled';
      blocked: boolean;
      milestoneIds: string[];
      parentExternalId: string | null;
      assignee: string | null;
      labels: string[];
      startDate: string | null;
      dueDate: string | null;
      completedAt: string | null;
      estimate: number | null;
      url: string | null;
      remoteUpdatedAt: string | null;
      /** @description The PM's client-facing title, shown to clients instead of `title`. */
      clientTitle: string | null;
      deleted: boolean;
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000000f1",
     *       "provider": "pingcode",
     *       "name": "Acme PingCode",
     *       "baseUrl": "https://open.pingcode.com",
     *       "settings": {},
     *       "timezone": "Asia/Shanghai",
     *       "status": "active",
     *       "lastError": null,
     *       "lastSyncedAt": null,
     *       "reconcileEveryMinutes": 15,
     *       "nextSyncAt": "2026-03-10T02:20:00.000Z",
     *       "webhook": {
     *         "path": "/webhooks/pingcode/0193a000-0000-7000-8000-0000000000f1",
     *         "hasSecret": true
     *       },
     *       "createdAt": "2026-03-10T02:05:00.000Z",
     *       "updatedAt": "2026-03-10T02:05:00.000Z",
     *       "projects": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000000a1",
     *           "connectionId": "0193a000-0000-7000-8000-0000000000f1",
     *           "externalId": "64f1c0e2a7b3d90012ab34cd",
     *           "key": "CHK",
     *           "name": "Checkout revamp",
     *           "url": "https://acme.pingcode.com/pjm/projects/64f1c0e2a7b3d90012ab34cd",
     *           "type": "scrum",
     *           "startDate": "2026-01-12",
     *           "endDate": "2026-04-30",
     *           "archived": false,
     *           "lastSyncedAt": "2026-03-10T01:45:00.000Z",
     *           "clientSettings": {
     *             "hiddenTypes": [
     *               "bug"
     *             ],
     *             "hiddenLabels": [
     *               "internal"
     *             ],
     *             "responseTargetHours": 24
     *           }
     *         }
     *       ]
     *     }
     */
    CreatedConnection: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      provider: 'pingcode' | 'jira' | 'github' | 'worktile';
      name: string;
      baseUrl: string;
      settings: {
        [key: string]: unknown;
      };
      timezone: string;
      /** @enum {string} */
      status: 'active' | 'auth_failed' | 'error';
      /** @description The last sync failure in plain words: bad credentials, no access to the project, the tool down, rate limited until … */
      lastError: {
        code: string;
        message: string;
      } | null;
      lastSyncedAt: string | null;
      /** @description Minutes between reconciliation syncs of every synced project (0 = never). */
      reconcileEveryMinutes: number;
      /** @description The next reconciliation sync, from its job scheduler; null when off or the queue is away. */
      nextSyncAt: string | null;
      /** @description Inbound webhooks: changes arrive within seconds instead of at the next reconciliation. */
      webhook: {
        /** @description POST the tool’s webhooks to this path of your ClientLens address. */
        path: string;
        /** @description A signing secret is set (required to accept deliveries). */
        hasSecret: boolean;
      };
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      updatedAt: string;
      /** @description The projects these credentials reach, as discovered now. */
      projects: components['schemas']['Project'][];
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000000c1",
     *           "title": "Refactor the payment API endpoint",
     *           "terms": [
     *             "refactor",
     *             "API",
     *             "endpoint"
     *           ]
     *         }
     *       ]
     *     }
     */
    JargonList: {
      items: {
        /** @description The task. */
        id: string;
        /** @description The title clients see. */
        title: string;
        /** @description The technical terms found in it. */
        terms: string[];
      }[];
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000001a1",
     *       "connectionId": "0193a000-0000-7000-8000-0000000000f1",
     *       "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *       "kind": "incremental",
     *       "trigger": "api",
     *       "status": "running",
     *       "progress": {
     *         "phase": "tasks",
     *         "done": 120,
     *         "total": 310,
     *         "waitingUntil": null
     *       },
     *       "counts": {
     *         "fetched": 120,
     *         "upserted": 118,
     *         "deleted": 0
     *       },
     *       "updatedSince": "2026-03-10T01:45:00.000Z",
     *       "attempts": 1,
     *       "error": null,
     *       "createdAt": "2026-03-10T02:00:00.000Z",
     *       "startedAt": "2026-03-10T02:00:01.000Z",
     *       "finishedAt": null
     *     }
     */
    SyncRun: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      connectionId: string;
      /** Format: uuid */
      projectId: string;
      /** @enum {string} */
      kind: 'full' | 'incremental';
      /** @enum {string} */
      trigger: 'api' | 'schedule' | 'webhook' | 'demo' | 'panel';
      /** @enum {string} */
      status: 'queued' | 'running' | 'succeeded' | 'failed' | 'auth_failed';
      progress: {
        /** @enum {string} */
        phase: 'queued' | 'milestones' | 'tasks' | 'finishing' | 'done';
        /** @description Work items fetched so far. */
        done: number;
        /** @description Work items upstream reports, when known. */
        total: number | null;
        /** @description Set while the tool asked us to slow down. */
        waitingUntil?: string | null;
      };
      counts: {
        fetched: number;
        upserted: number;
        deleted: number;
      };
      /** @description Incremental runs: changes since this instant. */
      updatedSince: string | null;
      attempts: number;
      /** @description The last problem, in plain words; set while retrying and when the run failed. */
      error: {
        code: string;
        message: string;
      } | null;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
      startedAt: string | null;
      finishedAt: string | null;
    };
    /**
     * @example {
     *       "status": "ready",
     *       "checks": {
     *         "db": "ok",
     *         "redis": "ok"
     *       }
     *     }
     */
    Readiness: {
      /** @enum {string} */
      status: 'ready' | 'not_ready';
      checks: {
        /** @enum {string} */
        db: 'ok' | 'failing';
        /** @enum {string} */
        redis: 'ok' | 'failing';
      };
    };
    /**
     * @description Readiness while a dependency fails.
     * @example {
     *       "status": "not_ready",
     *       "checks": {
     *         "db": "ok",
     *         "redis": "failing"
     *       }
     *     }
     */
    NotReady: components['schemas']['Readiness'];
    /**
     * @example {
     *       "status": "ok"
     *     }
     */
    Health: {
      /** @constant */
      status: 'ok';
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000001b1",
     *       "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *       "label": "ACME board",
     *       "language": "en",
     *       "detail": "overview",
     *       "expiresAt": "2026-06-30T16:00:00.000Z",
     *       "hasPasscode": true,
     *       "state": "active",
     *       "revokedAt": null,
     *       "viewCount": 14,
     *       "lastViewedAt": "2026-03-09T02:15:33.000Z",
     *       "createdAt": "2026-02-20T08:00:00.000Z"
     *     }
     */
    ShareLink: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      projectId: string;
      label: string | null;
      /** @enum {string} */
      language: 'en' | 'zh-CN' | 'fr';
      /** @enum {string} */
      detail: 'overview' | 'detailed';
      expiresAt: string | null;
      hasPasscode: boolean;
      /** @enum {string} */
      state: 'active' | 'revoked' | 'expired';
      revokedAt: string | null;
      viewCount: number;
      lastViewedAt: string | null;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000001b1",
     *       "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *       "label": "ACME board",
     *       "language": "en",
     *       "detail": "overview",
     *       "expiresAt": "2026-06-30T16:00:00.000Z",
     *       "hasPasscode": true,
     *       "state": "active",
     *       "revokedAt": null,
     *       "viewCount": 0,
     *       "lastViewedAt": null,
     *       "createdAt": "2026-03-10T02:05:00.000Z",
     *       "url": "https://lens.agency.example/s/Xq3v9Lr2Tz7Kp4Wn8Yb6Hc1Md5Fg0Js3Ae9Ru2Vi7Ot"
     *     }
     */
    CreatedShareLink: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      projectId: string;
      label: string | null;
      /** @enum {string} */
      language: 'en' | 'zh-CN' | 'fr';
      /** @enum {string} */
      detail: 'overview' | 'detailed';
      expiresAt: string | null;
      hasPasscode: boolean;
      /** @enum {string} */
      state: 'active' | 'revoked' | 'expired';
      revokedAt: string | null;
      viewCount: number;
      lastViewedAt: string | null;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
      /** @description The link to send to the client. Returned only now: it cannot be read again. */
      url: string;
    };
    /**
     * @example {
     *       "version": 1,
     *       "generatedAt": "2026-03-10T02:00:00.000Z",
     *       "validUntil": "2026-03-10T16:00:00.000Z",
     *       "project": {
     *         "id": "0193a000-0000-7000-8000-0000000000a1",
     *         "name": "Checkout revamp"
     *       },
     *       "overall": {
     *         "byCount": {
     *           "done": 31,
     *           "total": 50,
     *           "ratio": 0.62
     *         },
     *         "byEstimate": {
     *           "done": 96,
     *           "total": 160,
     *           "ratio": 0.6
     *         },
     *         "remaining": 19,
     *         "blocked": 1,
     *         "overdue": 0,
     *         "health": "at_risk"
     *       },
     *       "milestones": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000000d1",
     *           "name": "Beta",
     *           "kind": "milestone",
     *           "startDate": "2026-01-12",
     *           "dueDate": "2026-03-06",
     *           "plannedDate": "2026-03-06",
     *           "forecastDate": null,
     *           "forecastMethod": "none",
     *           "health": "done",
     *           "progress": {
     *             "done": 22,
     *             "total": 22,
     *             "ratio": 1
     *           },
     *           "byEstimate": {
     *             "done": 70,
     *             "total": 70,
     *             "ratio": 1
     *           },
     *           "slips": [],
     *           "completedAt": "2026-03-08T09:00:00.000Z",
     *           "tasks": []
     *         },
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000000d2",
     *           "name": "Release 2",
     *           "kind": "version",
     *           "startDate": "2026-03-02",
     *           "dueDate": "2026-03-27",
     *           "plannedDate": "2026-03-20",
     *           "forecastDate": "2026-03-30",
     *           "forecastMethod": "throughput",
     *           "health": "at_risk",
     *           "progress": {
     *             "done": 9,
     *             "total": 28,
     *             "ratio": 0.32142857142857145
     *           },
     *           "byEstimate": {
     *             "done": 26,
     *             "total": 90,
     *             "ratio": 0.28888888888888886
     *           },
     *           "slips": [
     *             {
     *               "milestoneId": "0193a000-0000-7000-8000-0000000000d2",
     *               "milestoneName": "Release 2",
     *               "from": "2026-03-20",
     *               "to": "2026-03-27",
     *               "at": "2026-03-06T09:30:00.000Z",
     *               "days": 7
     *             }
     *           ],
     *           "completedAt": null,
     *           "tasks": [
     *             {
     *               "id": "0193a000-0000-7000-8000-0000000000c1",
     *               "title": "Pay by card, with your bank’s confirmation step",
     *               "status": "done",
     *               "blocked": false,
     *               "dueDate": "2026-03-13",
     *               "completedAt": "2026-03-05T06:00:00.000Z"
     *             },
     *             {
     *               "id": "0193a000-0000-7000-8000-0000000000c2",
     *               "title": "Pay with PayPal",
     *               "status": "in_progress",
     *               "blocked": true,
     *               "dueDate": "2026-03-20",
     *               "completedAt": null
     *             }
     *           ]
     *         }
     *       ],
     *       "unplanned": [],
     *       "changes": {
     *         "since": "2026-03-03T08:00:00.000Z",
     *         "completed": [
     *           {
     *             "id": "0193a000-0000-7000-8000-0000000000c1",
     *             "title": "Pay by card, with your bank’s confirmation step",
     *             "status": "done",
     *             "blocked": false,
     *             "dueDate": "2026-03-13",
     *             "completedAt": "2026-03-05T06:00:00.000Z"
     *           }
     *         ],
     *         "added": [
     *           {
     *             "id": "0193a000-0000-7000-8000-0000000000c2",
     *             "title": "Pay with PayPal",
     *             "status": "in_progress",
     *             "blocked": true,
     *             "dueDate": "2026-03-20",
     *             "completedAt": null
     *           }
     *         ],
     *         "slips": [
     *           {
     *             "milestoneId": "0193a000-0000-7000-8000-0000000000d2",
     *             "milestoneName": "Release 2",
     *             "from": "2026-03-20",
     *             "to": "2026-03-27",
     *             "at": "2026-03-06T09:30:00.000Z",
     *             "days": 7
     *           }
     *         ]
     *       },
     *       "risks": [
     *         {
     *           "kind": "forecast_past_due",
     *           "milestoneId": "0193a000-0000-7000-8000-0000000000d2",
     *           "dueDate": "2026-03-27",
     *           "forecastDate": "2026-03-30",
     *           "days": 3
     *         },
     *         {
     *           "kind": "blocked_work",
     *           "count": 1,
     *           "milestoneId": "0193a000-0000-7000-8000-0000000000d2",
     *           "taskIds": [
     *             "0193a000-0000-7000-8000-0000000000c2"
     *           ]
     *         }
     *       ],
     *       "freshness": {
     *         "source": "PingCode",
     *         "syncedAt": "2026-03-10T01:45:00.000Z",
     *         "stale": false,
     *         "reason": null
     *       },
     *       "burnup": [
     *         {
     *           "date": "2026-03-08",
     *           "done": 29,
     *           "scope": 49
     *         },
     *         {
     *           "date": "2026-03-09",
     *           "done": 31,
     *           "scope": 50
     *         }
     *       ]
     *     }
     */
    Summary: {
      /** @constant */
      version: 1;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      generatedAt: string;
      /**
       * Format: date-time
       * @description Until when this summary stays right without new data (next local midnight, or when the data turns old)
       */
      validUntil: string;
      project: {
        id: string;
        name: string;
      };
      overall: {
        byCount: {
          done: number;
          total: number;
          ratio: number;
        };
        byEstimate: {
          done: number;
          total: number;
          ratio: number;
        } | null;
        remaining: number;
        blocked: number;
        overdue: number;
        /** @enum {string} */
        health: 'done' | 'on_track' | 'at_risk' | 'late';
      };
      milestones: {
        id: string;
        name: string;
        /** @enum {string} */
        kind: 'milestone' | 'version' | 'sprint' | 'phase';
        startDate: string | null;
        dueDate: string | null;
        plannedDate: string | null;
        forecastDate: string | null;
        /** @enum {string} */
        forecastMethod: 'throughput' | 'elapsed' | 'none';
        /** @enum {string} */
        health: 'done' | 'on_track' | 'at_risk' | 'late';
        progress: {
          done: number;
          total: number;
          ratio: number;
        };
        byEstimate: {
          done: number;
          total: number;
          ratio: number;
        } | null;
        slips: {
          milestoneId: string;
          milestoneName: string;
          from: string | null;
          to: string | null;
          at: string;
          days: number | null;
        }[];
        completedAt: string | null;
        tasks: {
          id: string;
          title: string;
          /** @enum {string} */
          status: 'planned' | 'in_progress' | 'done' | 'cancelled';
          blocked: boolean;
          dueDate: string | null;
          completedAt: string | null;
        }[];
      }[];
      unplanned: {
        id: string;
        title: string;
        /** @enum {string} */
        status: 'planned' | 'in_progress' | 'done' | 'cancelled';
        blocked: boolean;
        dueDate: string | null;
        completedAt: string | null;
      }[];
      changes: {
        since: string | null;
        completed: {
          id: string;
          title: string;
          /** @enum {string} */
          status: 'planned' | 'in_progress' | 'done' | 'cancelled';
          blocked: boolean;
          dueDate: string | null;
          completedAt: string | null;
        }[];
        added: {
          id: string;
          title: string;
          /** @enum {string} */
          status: 'planned' | 'in_progress' | 'done' | 'cancelled';
          blocked: boolean;
          dueDate: string | null;
          completedAt: string | null;
        }[];
        slips: {
          milestoneId: string;
          milestoneName: string;
          from: string | null;
          to: string | null;
          at: string;
          days: number | null;
        }[];
      };
      risks: (
        | {
            /** @constant */
            kind: 'overdue_work';
            count: number;
            milestoneId: string | null;
            taskIds: string[];
          }
        | {
            /** @constant */
            kind: 'blocked_work';
            count: number;
            milestoneId: string | null;
            taskIds: string[];
          }
        | {
            /** @constant */
            kind: 'forecast_past_due';
            milestoneId: string;
            /**
             * Format: date
             * @description Calendar date, YYYY-MM-DD.
             */
            dueDate: string;
            /**
             * Format: date
             * @description Calendar date, YYYY-MM-DD.
             */
            forecastDate: string;
            days: number;
          }
        | {
            /** @constant */
            kind: 'stale_sync';
            syncedAt: string | null;
            hours: number | null;
          }
        | {
            /** @constant */
            kind: 'failed_sync';
            /**
             * Format: date-time
             * @description ISO 8601 instant (UTC).
             */
            at: string;
            code: string;
          }
      )[];
      freshness: {
        source: string;
        syncedAt: string | null;
        stale: boolean;
        reason: ('never_synced' | 'old' | 'failed') | null;
      };
      burnup: {
        /**
         * Format: date
         * @description Calendar date, YYYY-MM-DD.
         */
        date: string;
        done: number;
        scope: number;
      }[];
    };
    /**
     * @example {
     *       "language": "en",
     *       "summary": {
     *         "version": 1,
     *         "generatedAt": "2026-03-10T02:00:00.000Z",
     *         "validUntil": "2026-03-10T16:00:00.000Z",
     *         "project": {
     *           "id": "0193a000-0000-7000-8000-0000000000a1",
     *           "name": "Checkout revamp"
     *         },
     *         "overall": {
     *           "byCount": {
     *             "done": 31,
     *             "total": 50,
     *             "ratio": 0.62
     *           },
     *           "byEstimate": {
     *             "done": 96,
     *             "total": 160,
     *             "ratio": 0.6
     *           },
     *           "remaining": 19,
     *           "blocked": 1,
     *           "overdue": 0,
     *           "health": "at_risk"
     *         },
     *         "milestones": [
     *           {
     *             "id": "0193a000-0000-7000-8000-0000000000d1",
     *             "name": "Beta",
     *             "kind": "milestone",
     *             "startDate": "2026-01-12",
     *             "dueDate": "2026-03-06",
     *             "plannedDate": "2026-03-06",
     *             "forecastDate": null,
     *             "forecastMethod": "none",
     *             "health": "done",
     *             "progress": {
     *               "done": 22,
     *               "total": 22,
     *               "ratio": 1
     *             },
     *             "byEstimate": {
     *               "done": 70,
     *               "total": 70,
     *               "ratio": 1
     *             },
     *             "slips": [],
     *             "completedAt": "2026-03-08T09:00:00.000Z",
     *             "tasks": []
     *           },
     *           {
     *             "id": "0193a000-0000-7000-8000-0000000000d2",
     *             "name": "Release 2",
     *             "kind": "version",
     *             "startDate": "2026-03-02",
     *             "dueDate": "2026-03-27",
     *             "plannedDate": "2026-03-20",
     *             "forecastDate": "2026-03-30",
     *             "forecastMethod": "throughput",
     *             "health": "at_risk",
     *             "progress": {
     *               "done": 9,
     *               "total": 28,
     *               "ratio": 0.32142857142857145
     *             },
     *             "byEstimate": {
     *               "done": 26,
     *               "total": 90,
     *               "ratio": 0.28888888888888886
     *             },
     *             "slips": [
     *               {
     *                 "milestoneId": "0193a000-0000-7000-8000-0000000000d2",
     *                 "milestoneName": "Release 2",
     *                 "from": "2026-03-20",
     *                 "to": "2026-03-27",
     *                 "at": "2026-03-06T09:30:00.000Z",
     *                 "days": 7
     *               }
     *             ],
     *             "completedAt": null,
     *             "tasks": [
     *               {
     *                 "id": "0193a000-0000-7000-8000-0000000000c1",
     *                 "title": "Pay by card, with your bank’s confirmation step",
     *                 "status": "done",
     *                 "blocked": false,
     *                 "dueDate": "2026-03-13",
     *                 "completedAt": "2026-03-05T06:00:00.000Z"
     *               },
     *               {
     *                 "id": "0193a000-0000-7000-8000-0000000000c2",
     *                 "title": "Pay with PayPal",
     *                 "status": "in_progress",
     *                 "blocked": true,
     *                 "dueDate": "2026-03-20",
     *                 "completedAt": null
     *               }
     *             ]
     *           }
     *         ],
     *         "unplanned": [],
     *         "changes": {
     *           "since": "2026-03-03T08:00:00.000Z",
     *           "completed": [
     *             {
     *               "id": "0193a000-0000-7000-8000-0000000000c1",
     *               "title": "Pay by card, with your bank’s confirmation step",
     *               "status": "done",
     *               "blocked": false,
     *               "dueDate": "2026-03-13",
     *               "completedAt": "2026-03-05T06:00:00.000Z"
     *             }
     *           ],
     *           "added": [
     *             {
     *               "id": "0193a000-0000-7000-8000-0000000000c2",
     *               "title": "Pay with PayPal",
     *               "status": "in_progress",
     *               "blocked": true,
     *               "dueDate": "2026-03-20",
     *               "completedAt": null
     *             }
     *           ],
     *           "slips": [
     *             {
     *               "milestoneId": "0193a000-0000-7000-8000-0000000000d2",
     *               "milestoneName": "Release 2",
     *               "from": "2026-03-20",
     *               "to": "2026-03-27",
     *               "at": "2026-03-06T09:30:00.000Z",
     *               "days": 7
     *             }
     *           ]
     *         },
     *         "risks": [
     *           {
     *             "kind": "forecast_past_due",
     *             "milestoneId": "0193a000-0000-7000-8000-0000000000d2",
     *             "dueDate": "2026-03-27",
     *             "forecastDate": "2026-03-30",
     *             "days": 3
     *           },
     *           {
     *             "kind": "blocked_work",
     *             "count": 1,
     *             "milestoneId": "0193a000-0000-7000-8000-0000000000d2",
     *             "taskIds": [
     *               "0193a000-0000-7000-8000-0000000000c2"
     *             ]
     *           }
     *         ],
     *         "freshness": {
     *           "source": "PingCode",
     *           "syncedAt": "2026-03-10T01:45:00.000Z",
     *           "stale": false,
     *           "reason": null
     *         },
     *         "burnup": [
     *           {
     *             "date": "2026-03-08",
     *             "done": 29,
     *             "scope": 49
     *           },
     *           {
     *             "date": "2026-03-09",
     *             "done": 31,
     *             "scope": 50
     *           }
     *         ]
     *       },
     *       "text": {
     *         "health": "At risk",
     *         "progress": "31 of 50 tasks done",
     *         "freshness": "Updated Mar 10, 2026, 9:45 AM, data from PingCode",
     *         "staleWarning": null,
     *         "risks": [
     *           {
     *             "kind": "forecast_past_due",
     *             "text": "At the current pace, “Release 2” should be finished on Mar 30, 2026, 3 days after its due date of Mar 27, 2026.",
     *             "impact": "Unless the pace picks up or the scope changes, this delivery will arrive later than planned."
     *           },
     *           {
     *             "kind": "blocked_work",
     *             "text": "1 task in “Release 2” is blocked and cannot move forward for now.",
     *             "impact": "This work is waiting for a decision, some information or another piece of work before it can continue."
     *           }
     *         ],
     *         "slips": [
     *           "“Release 2” moved from Mar 20, 2026 to Mar 27, 2026 (7 days later)"
     *         ]
     *       }
     *     }
     */
    LocalizedSummary: {
      /** @enum {string} */
      language: 'en' | 'zh-CN' | 'fr';
      summary: components['schemas']['Summary'];
      text: {
        health: string;
        progress: string;
        freshness: string;
        staleWarning: string | null;
        risks: {
          kind: string;
          text: string;
          impact: string;
        }[];
        slips: string[];
      };
    };
    /**
     * @example {
     *       "headline": "Card payments work end to end in the test shop",
     *       "highlights": [
     *         "Card payment form finished, with the bank’s confirmation step",
     *         "Beta delivered on 8 March"
     *       ],
     *       "risks": [
     *         {
     *           "problem": "The payment provider has not opened our test account yet.",
     *           "impact": "Card payments cannot be tested end to end.",
     *           "mitigation": "We test against their sandbox meanwhile.",
     *           "decision": {
     *             "question": "Ship Release 2 without PayPal?",
     *             "by": "2026-03-12"
     *           }
     *         }
     *       ],
     *       "nextSteps": [
     *         "Finish the PayPal button",
     *         "Start acceptance testing with your team"
     *       ]
     *     }
     */
    UpdateContent: {
      headline: string;
      /** @default [] */
      highlights: string[];
      /** @default [] */
      risks: {
        problem: string;
        /** @default  */
        impact: string;
        /** @default  */
        mitigation: string;
        /** @default null */
        decision: {
          /** @description What the client must decide. */
          question: string;
          /**
           * @description By when.
           * @default null
           */
          by: string | null;
        } | null;
      }[];
      /** @default [] */
      nextSteps: string[];
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000000b2",
     *       "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *       "status": "draft",
     *       "content": {
     *         "headline": "Card payments work end to end in the test shop",
     *         "highlights": [
     *           "Card payment form finished, with the bank’s confirmation step",
     *           "Beta delivered on 8 March"
     *         ],
     *         "risks": [
     *           {
     *             "problem": "The payment provider has not opened our test account yet.",
     *             "impact": "Card payments cannot be tested end to end.",
     *             "mitigation": "We test against their sandbox meanwhile.",
     *             "decision": {
     *               "question": "Ship Release 2 without PayPal?",
     *               "by": "2026-03-12"
     *             }
     *           }
     *         ],
     *         "nextSteps": [
     *           "Finish the PayPal button",
     *           "Start acceptance testing with your team"
     *         ]
     *       },
     *       "createdAt": "2026-03-13T06:00:00.000Z",
     *       "updatedAt": "2026-03-13T07:41:12.000Z",
     *       "publishedAt": null
     *     }
     */
    Update: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      projectId: string;
      /** @enum {string} */
      status: 'draft' | 'published';
      content: components['schemas']['UpdateContent'];
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      updatedAt: string;
      publishedAt: string | null;
    };
    /**
     * @description The signing secret is write-only: shown once at creation.
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000001c1",
     *       "url": "https://hooks.agency.example/clientlens",
     *       "events": [
     *         "update.published",
     *         "feedback.created"
     *       ],
     *       "active": true,
     *       "createdAt": "2026-02-21T09:00:00.000Z",
     *       "updatedAt": "2026-02-21T09:00:00.000Z"
     *     }
     */
    WebhookSubscription: {
      /** Format: uuid */
      id: string;
      url: string;
      events: (
        'sync.completed' | 'sync.failed' | 'update.published' | 'feedback.created' | 'feedback.answered'
      )[];
      active: boolean;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      updatedAt: string;
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000001c1",
     *       "url": "https://hooks.agency.example/clientlens",
     *       "events": [
     *         "update.published",
     *         "feedback.created"
     *       ],
     *       "active": true,
     *       "createdAt": "2026-02-21T09:00:00.000Z",
     *       "updatedAt": "2026-02-21T09:00:00.000Z",
     *       "secret": "whsec_Zk4pQ8vR2mT6yW1nB5cX9hL3sD7fG0jA"
     *     }
     */
    CreatedWebhookSubscription: {
      /** Format: uuid */
      id: string;
      url: string;
      events: (
        'sync.completed' | 'sync.failed' | 'update.published' | 'feedback.created' | 'feedback.answered'
      )[];
      active: boolean;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      updatedAt: string;
      /** @description The HMAC-SHA256 key of `ClientLens-Signature`. Returned only now: it cannot be read again. */
      secret: string;
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000001d1",
     *       "subscriptionId": "0193a000-0000-7000-8000-0000000001c1",
     *       "eventId": "0193a000-0000-7000-8000-0000000001e1",
     *       "event": "update.published",
     *       "status": "retrying",
     *       "attempts": 2,
     *       "lastResponseStatus": 502,
     *       "lastError": "The receiver answered HTTP 502.",
     *       "nextAttemptAt": "2026-03-13T08:04:00.000Z",
     *       "createdAt": "2026-03-13T08:00:00.000Z",
     *       "updatedAt": "2026-03-13T08:02:00.000Z",
     *       "deliveredAt": null
     *     }
     */
    WebhookDelivery: {
      /**
       * Format: uuid
       * @description The `ClientLens-Delivery` header: the same on every attempt.
       */
      id: string;
      /** Format: uuid */
      subscriptionId: string;
      /**
       * Format: uuid
       * @description The `id` in the body; shared by the deliveries of one event.
       */
      eventId: string;
      /** @enum {string} */
      event: 'sync.completed' | 'sync.failed' | 'update.published' | 'feedback.created' | 'feedback.answered';
      /**
       * @description `pending` (in the outbox), `queued`, `retrying` (an attempt failed; another follows at `nextAttemptAt`), `delivered`, `failed` (given up).
       * @enum {string}
       */
      status: 'pending' | 'queued' | 'retrying' | 'delivered' | 'failed';
      attempts: number;
      /** @description HTTP status of the receiver's last answer; null when it did not answer. */
      lastResponseStatus: number | null;
      /** @description What went wrong last, in plain words. */
      lastError: string | null;
      nextAttemptAt: string | null;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      updatedAt: string;
      deliveredAt: string | null;
    };
    Cadence:
      | {
          /** @enum {string} */
          frequency: 'weekly' | 'biweekly';
          /** @enum {string} */
          weekday: 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
          /** @description Full hour of the day, 0–23, local time. */
          hour: number;
          timezone: string;
        }
      | {
          /** @constant */
          frequency: 'monthly';
          /** @description 1–28, so every month has it. */
          dayOfMonth: number;
          /** @description Full hour of the day, 0–23, local time. */
          hour: number;
          timezone: string;
        };
    /** @description Webhook URLs and secrets are write-only. */
    CommPlanChannel: {
      /** Format: uuid */
      id: string;
      name: string | null;
      /** @enum {string} */
      type: 'email' | 'slack' | 'wecom' | 'dingtalk' | 'feishu' | 'teams';
      /** @description Scheme and host only, e.g. `https://hooks.slack.com/…`. */
      webhookUrl?: string;
      /** @description DingTalk and Feishu: a signing secret is stored. */
      hasSecret?: boolean;
      recipients?: {
        address: string;
        name?: string;
        /** @enum {string} */
        locale?: 'en' | 'zh-CN' | 'fr';
      }[];
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000002b1",
     *       "updateId": "0193a000-0000-7000-8000-0000000000b1",
     *       "purpose": "update",
     *       "channelId": "0193a000-0000-7000-8000-0000000002a2",
     *       "channelType": "slack",
     *       "channelName": "#atlas-client",
     *       "status": "sending",
     *       "attempts": 2,
     *       "nextAttemptAt": "2026-03-13T08:06:00.000Z",
     *       "lastError": {
     *         "code": "rate_limited",
     *         "message": "Slack asked us to slow down; the message is sent again shortly."
     *       },
     *       "createdAt": "2026-03-13T08:00:00.000Z",
     *       "updatedAt": "2026-03-13T08:01:00.000Z",
     *       "sentAt": null
     *     }
     */
    ChannelDelivery: {
      /**
       * Format: uuid
       * @description Also the message's idempotency key (DingTalk `msgUuid`, email Message-ID).
       */
      id: string;
      /**
       * Format: uuid
       * @description The published update, or the draft a PM notice is about.
       */
      updateId: string;
      /** @enum {string} */
      purpose: 'draft_ready' | 'reminder' | 'update';
      /** Format: uuid */
      channelId: string;
      /** @enum {string} */
      channelType: 'email' | 'slack' | 'wecom' | 'dingtalk' | 'feishu' | 'teams';
      channelName: string | null;
      /**
       * @description `pending` (waiting to be queued), `sending` (queued, or retrying after `lastError` at `nextAttemptAt`), `sent`, `failed` (for good).
       * @enum {string}
       */
      status: 'pending' | 'sending' | 'sent' | 'failed';
      attempts: number;
      nextAttemptAt: string | null;
      lastError: {
        /** @description Stable, e.g. `webhook_not_found`, `rate_limited`, `rejected`. */
        code: string;
        /** @description What went wrong, in plain words. */
        message: string;
      } | null;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      updatedAt: string;
      sentAt: string | null;
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000001f1",
     *       "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *       "cadence": {
     *         "frequency": "weekly",
     *         "weekday": "friday",
     *         "hour": 16,
     *         "timezone": "Europe/Paris"
     *       },
     *       "anchorWeek": null,
     *       "language": "fr",
     *       "graceHours": 24,
     *       "channels": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000002a1",
     *           "name": "Client team",
     *           "type": "email",
     *           "recipients": [
     *             {
     *               "address": "anna@client.example",
     *               "name": "Anna",
     *               "locale": "fr"
     *             }
     *           ]
     *         },
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000002a2",
     *           "name": "#atlas-client",
     *           "type": "slack",
     *           "webhookUrl": "https://hooks.slack.com/…"
     *         }
     *       ],
     *       "pmNotify": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000002a3",
     *           "name": null,
     *           "type": "email",
     *           "recipients": [
     *             {
     *               "address": "pm@agency.example"
     *             }
     *           ]
     *         }
     *       ],
     *       "shareLinkId": "0193a000-0000-7000-8000-0000000001b1",
     *       "nextRunAt": "2026-03-20T15:00:00.000Z",
     *       "problems": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000002b1",
     *           "updateId": "0193a000-0000-7000-8000-0000000000b1",
     *           "purpose": "update",
     *           "channelId": "0193a000-0000-7000-8000-0000000002a2",
     *           "channelType": "slack",
     *           "channelName": "#atlas-client",
     *           "status": "sending",
     *           "attempts": 2,
     *           "nextAttemptAt": "2026-03-13T08:06:00.000Z",
     *           "lastError": {
     *             "code": "rate_limited",
     *             "message": "Slack asked us to slow down; the message is sent again shortly."
     *           },
     *           "createdAt": "2026-03-13T08:00:00.000Z",
     *           "updatedAt": "2026-03-13T08:01:00.000Z",
     *           "sentAt": null
     *         }
     *       ],
     *       "createdAt": "2026-02-27T10:00:00.000Z",
     *       "updatedAt": "2026-03-02T09:30:00.000Z"
     *     }
     */
    CommPlan: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      projectId: string;
      cadence: components['schemas']['Cadence'];
      /** @description Biweekly: the Monday of a week the plan runs in; it runs every second week from it. */
      anchorWeek: string | null;
      /** @enum {string} */
      language: 'en' | 'zh-CN' | 'fr';
      graceHours: number;
      channels: components['schemas']['CommPlanChannel'][];
      pmNotify: components['schemas']['CommPlanChannel'][];
      /** @description The share link the messages carry (label "Sent with updates"); revoke it under share links. */
      shareLinkId: string | null;
      /** @description When the next cycle runs, from the job scheduler; null while the queue is unreachable. */
      nextRunAt: string | null;
      /** @description The newest sends that failed or are being retried, newest first (at most 5). */
      problems: components['schemas']['ChannelDelivery'][];
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      updatedAt: string;
    };
    /**
     * @example {
     *       "id": "0193a000-0000-7000-8000-0000000000e1",
     *       "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *       "shareLinkId": "0193a000-0000-7000-8000-0000000001b1",
     *       "kind": "question",
     *       "body": "When can we try the checkout?",
     *       "rating": null,
     *       "updateId": null,
     *       "milestoneId": null,
     *       "authorName": "Ana Lima",
     *       "authorEmail": "ana.lima@acme.example",
     *       "language": "en",
     *       "status": "answered",
     *       "reply": "The test shop opens on 16 March; we will send you the link.",
     *       "overdue": false,
     *       "answerDueAt": "2026-03-10T03:00:00.000Z",
     *       "responseSeconds": 20700,
     *       "createdAt": "2026-03-09T03:00:00.000Z",
     *       "updatedAt": "2026-03-09T08:45:00.000Z",
     *       "answeredAt": "2026-03-09T08:45:00.000Z"
     *     }
     */
    Feedback: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      projectId: string;
      /** @description The share link it was sent through. */
      shareLinkId: string | null;
      /** @enum {string} */
      kind: 'question' | 'comment' | 'approval' | 'change_request' | 'rating';
      /** @description The client’s text; may be empty for approvals and ratings. */
      body: string | null;
      /** @description 1–5, for `rating`. */
      rating: number | null;
      /** @description For `rating`: the published update it rates (the latest when sent). */
      updateId: string | null;
      /** @description For `approval` (always) and `change_request` (when the client chose one). */
      milestoneId: string | null;
      authorName: string;
      /** @description Given by the client for you only: never shown on share pages or in webhooks. */
      authorEmail: string | null;
      /**
       * @description The language of the page the client wrote from.
       * @enum {string}
       */
      language: 'en' | 'zh-CN' | 'fr';
      /** @enum {string} */
      status: 'open' | 'answered' | 'closed';
      /** @description Your answer. Answered questions and comments show it under the client’s message. */
      reply: string | null;
      /** @description Still `open` past `answerDueAt` (the project’s `responseTargetHours` of business time). Never shown to clients. */
      overdue: boolean;
      /**
       * Format: date-time
       * @description When an answer is due: `responseTargetHours` (default 24) of Monday–Friday time after `createdAt`, in the project’s time zone.
       */
      answerDueAt: string;
      /** @description The response time, `answeredAt` − `createdAt`; null until answered. */
      responseSeconds: number | null;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      updatedAt: string;
      /** @description When the current reply was first given. */
      answeredAt: string | null;
    };
    /**
     * @example {
     *       "language": "en",
     *       "project": {
     *         "id": "0193a000-0000-7000-8000-0000000000a1",
     *         "name": "Checkout revamp"
     *       },
     *       "generatedAt": "2026-03-10T02:00:00.000Z",
     *       "timeZone": "Asia/Shanghai",
     *       "freshness": {
     *         "source": "PingCode",
     *         "syncedAt": "2026-03-10T01:45:00.000Z",
     *         "stale": false,
     *         "text": "Updated Mar 10, 2026, 9:45 AM, data from PingCode",
     *         "warning": null
     *       },
     *       "progress": {
     *         "lastUpdate": {
     *           "id": "0193a000-0000-7000-8000-0000000000b1",
     *           "publishedAt": "2026-03-03T08:00:00.000Z"
     *         },
     *         "now": {
     *           "done": 31,
     *           "total": 50,
     *           "ratio": 0.62
     *         },
     *         "atLastUpdate": {
     *           "done": 24,
     *           "total": 50,
     *           "ratio": 0.48
     *         },
     *         "completed": {
     *           "count": 7,
     *           "tasks": [
     *             {
     *               "id": "0193a000-0000-7000-8000-0000000000c1",
     *               "title": "Card payment form",
     *               "completedAt": "2026-03-05T06:00:00.000Z"
     *             }
     *           ]
     *         },
     *         "added": 2,
     *         "milestonesDone": [
     *           {
     *             "id": "0193a000-0000-7000-8000-0000000000d1",
     *             "name": "Beta",
     *             "completedAt": "2026-03-08T09:00:00.000Z"
     *           }
     *         ],
     *         "slips": [
     *           {
     *             "milestoneId": "0193a000-0000-7000-8000-0000000000d2",
     *             "milestoneName": "Release 2",
     *             "from": "2026-03-20",
     *             "to": "2026-03-27",
     *             "days": 7,
     *             "text": "“Release 2” moved from Mar 20, 2026 to Mar 27, 2026 (7 days later)"
     *           }
     *         ]
     *       },
     *       "risks": {
     *         "update": {
     *           "id": "0193a000-0000-7000-8000-0000000000b2",
     *           "status": "draft"
     *         },
     *         "items": [
     *           {
     *             "source": "update",
     *             "kind": null,
     *             "text": "The payment provider has not opened our test account yet.",
     *             "impact": "Card payments cannot be tested end to end.",
     *             "mitigation": "We test against their sandbox meanwhile."
     *           }
     *         ],
     *         "decisions": [
     *           {
     *             "question": "Ship Release 2 without PayPal?",
     *             "by": "2026-03-12",
     *             "overdue": false,
     *             "risk": "The payment provider has not opened our test account yet."
     *           }
     *         ]
     *       },
     *       "questions": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000000e1",
     *           "kind": "question",
     *           "body": "When can we try the checkout?",
     *           "authorName": "Ana Lima",
     *           "milestone": null,
     *           "createdAt": "2026-03-09T03:00:00.000Z",
     *           "answerDueAt": "2026-03-10T03:00:00.000Z",
     *           "overdue": false
     *         }
     *       ],
     *       "nextSteps": {
     *         "source": "milestones",
     *         "items": [
     *           {
     *             "text": "Release 2: due Mar 27, 2026, expected Mar 30, 2026 (At risk)",
     *             "milestone": {
     *               "id": "0193a000-0000-7000-8000-0000000000d2",
     *               "name": "Release 2",
     *               "dueDate": "2026-03-27",
     *               "forecastDate": "2026-03-30",
     *               "health": "at_risk"
     *             }
     *           }
     *         ]
     *       }
     *     }
     */
    Agenda: {
      /**
       * @description The language of every sentence ClientLens wrote.
       * @enum {string}
       */
      language: 'en' | 'zh-CN' | 'fr';
      project: {
        id: string;
        name: string;
      };
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      generatedAt: string;
      /** @description The zone the project’s dates are read in. */
      timeZone: string;
      freshness: {
        source: string;
        syncedAt: string | null;
        stale: boolean;
        text: string;
        warning: string | null;
      };
      /** @description What moved since the last published update (empty lists before the first). */
      progress: {
        /** @description The last published update; null before the first. */
        lastUpdate: {
          id: string;
          /**
           * Format: date-time
           * @description ISO 8601 instant (UTC).
           */
          publishedAt: string;
        } | null;
        now: {
          done: number;
          total: number;
          /** @description done ÷ total, 0..1. */
          ratio: number;
        };
        /** @description Overall progress in the summary frozen with the last published update. */
        atLastUpdate: {
          done: number;
          total: number;
          /** @description done ÷ total, 0..1. */
          ratio: number;
        } | null;
        completed: {
          count: number;
          /** @description The first ten completed since, in completion order. */
          tasks: {
            id: string;
            title: string;
            completedAt: string | null;
          }[];
        };
        /** @description Tasks added to the scope since the last update. */
        added: number;
        milestonesDone: {
          id: string;
          name: string;
          completedAt: string | null;
        }[];
        slips: {
          milestoneId: string;
          milestoneName: string;
          from: string | null;
          to: string | null;
          days: number | null;
          text: string;
        }[];
      };
      risks: {
        /** @description The latest update (draft or published), whose risks and decisions are listed. */
        update: {
          id: string;
          /** @enum {string} */
          status: 'draft' | 'published';
        } | null;
        items: {
          /** @enum {string} */
          source: 'detected' | 'update';
          kind: ('overdue_work' | 'blocked_work' | 'forecast_past_due' | 'stale_sync' | 'failed_sync') | null;
          text: string;
          impact: string;
          mitigation: string | null;
        }[];
        /** @description Decisions the client must take, soonest first. */
        decisions: {
          question: string;
          by: string | null;
          /** @description `by` is before today in the project’s zone. */
          overdue: boolean;
          risk: string;
        }[];
      };
      /** @description Open questions, change requests and approvals, oldest first. */
      questions: {
        /** Format: uuid */
        id: string;
        /** @enum {string} */
        kind: 'question' | 'change_request' | 'approval';
        body: string | null;
        authorName: string;
        milestone: {
          id: string;
          name: string;
        } | null;
        /**
         * Format: date-time
         * @description ISO 8601 instant (UTC).
         */
        createdAt: string;
        /**
         * Format: date-time
         * @description ISO 8601 instant (UTC).
         */
        answerDueAt: string;
        overdue: boolean;
      }[];
      nextSteps: {
        /**
         * @description The latest update’s next steps, else the next milestones due.
         * @enum {string}
         */
        source: 'update' | 'milestones' | 'none';
        items: {
          text: string;
          milestone: {
            id: string;
            name: string;
            dueDate: string | null;
            forecastDate: string | null;
            /** @enum {string} */
            health: 'done' | 'on_track' | 'at_risk' | 'late';
          } | null;
        }[];
      };
    };
    UpdateHealth: {
      /** Format: uuid */
      id: string;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      publishedAt: string;
      headline: string;
      /** @description Share-page views, all links together, while this was the latest published update (counted when the views are written, about once a second). */
      views: number;
      /** @description Client ratings of this update. */
      ratings: number;
      /** @description Mean of the ratings (1–5, two decimals); null when nobody rated it. */
      averageRating: number | null;
    };
    /**
     * @example {
     *       "projectId": "0192f3a4-5b6c-7d8e-9f01-23456789abcd",
     *       "updates": [
     *         {
     *           "id": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
     *           "publishedAt": "2026-03-13T08:00:00.000Z",
     *           "headline": "Checkout is in testing",
     *           "views": 2,
     *           "ratings": 1,
     *           "averageRating": 3
     *         },
     *         {
     *           "id": "0193a0f1-e2d3-7c4b-9a59-687766554433",
     *           "publishedAt": "2026-03-06T08:00:00.000Z",
     *           "headline": "Design signed off",
     *           "views": 3,
     *           "ratings": 2,
     *           "averageRating": 4.5
     *         }
     *       ],
     *       "medianResponseHours": 5,
     *       "answeredFeedback": 3,
     *       "openFeedback": 2,
     *       "overdueFeedback": 1,
     *       "daysSinceLastUpdate": 4,
     *       "lastPublishedAt": "2026-03-13T08:00:00.000Z",
     *       "timeZone": "Asia/Shanghai"
     *     }
     */
    CommHealth: {
      /** Format: uuid */
      projectId: string;
      /** @description The latest published updates, newest first (`limit`, default 10). */
      updates: components['schemas']['UpdateHealth'][];
      /** @description Median of `answeredAt − createdAt` over answered feedback, in wall-clock hours (not business hours), to 0.1 h; null when nothing was answered. */
      medianResponseHours: number | null;
      /** @description Answered items the median is taken over. */
      answeredFeedback: number;
      /** @description Feedback items still `open`, every kind (as `listFeedback?status=open`). */
      openFeedback: number;
      /** @description Open items past their `answerDueAt` (the feedback list’s `overdue` rule). */
      overdueFeedback: number;
      /** @description Whole calendar days since the last publication, in `timeZone`; null when none was published. */
      daysSinceLastUpdate: number | null;
      lastPublishedAt: string | null;
      /** @description The project’s time zone (its connection’s), where days are counted. */
      timeZone: string;
    };
    /**
     * @example {
     *       "accepted": true,
     *       "runIds": [
     *         "0193a000-0000-7000-8000-0000000001a1"
     *       ]
     *     }
     */
    WebhookReceipt: {
      /** @description False for a delivery already received. */
      accepted: boolean;
      /** @description The incremental sync runs it queued, one per project. */
      runIds: string[];
    };
    /**
     * @example {
     *       "token": "eyJhbGciOiJIUzI1NiJ9.eyJ3cyI6IjAxOTNhMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDBhMCIsImxvY2FsZSI6InpoLUNOIiwic3ViIjoiMDE5M2EwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGExIn0.q9Vf2nJ8sX4kL1mP7tR3wY6zA0bC5dE9gH2iK4jM8oQ",
     *       "expiresAt": "2026-03-10T02:10:00.000Z"
     *     }
     */
    PanelToken: {
      /** @description Send it as `Authorization: Bearer <token>` on panel requests. A bearer secret: keep it out of URLs and logs. */
      token: string;
      /**
       * Format: date-time
       * @description ISO 8601 instant (UTC).
       */
      expiresAt: string;
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000000f1",
     *           "provider": "pingcode",
     *           "name": "Acme PingCode",
     *           "baseUrl": "https://open.pingcode.com",
     *           "settings": {},
     *           "timezone": "Asia/Shanghai",
     *           "status": "active",
     *           "lastError": null,
     *           "lastSyncedAt": "2026-03-10T01:45:00.000Z",
     *           "reconcileEveryMinutes": 15,
     *           "nextSyncAt": "2026-03-10T02:00:00.000Z",
     *           "webhook": {
     *             "path": "/webhooks/pingcode/0193a000-0000-7000-8000-0000000000f1",
     *             "hasSecret": true
     *           },
     *           "createdAt": "2026-02-02T03:12:45.000Z",
     *           "updatedAt": "2026-03-10T01:45:00.000Z"
     *         }
     *       ],
     *       "nextCursor": "MDE5M2EwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGYx"
     *     }
     */
    ConnectionPage: {
      items: components['schemas']['Connection'][];
      /** @description Pass as `cursor` for the next page; null on the last. */
      nextCursor: string | null;
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000001a1",
     *           "connectionId": "0193a000-0000-7000-8000-0000000000f1",
     *           "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *           "kind": "incremental",
     *           "trigger": "api",
     *           "status": "running",
     *           "progress": {
     *             "phase": "tasks",
     *             "done": 120,
     *             "total": 310,
     *             "waitingUntil": null
     *           },
     *           "counts": {
     *             "fetched": 120,
     *             "upserted": 118,
     *             "deleted": 0
     *           },
     *           "updatedSince": "2026-03-10T01:45:00.000Z",
     *           "attempts": 1,
     *           "error": null,
     *           "createdAt": "2026-03-10T02:00:00.000Z",
     *           "startedAt": "2026-03-10T02:00:01.000Z",
     *           "finishedAt": null
     *         }
     *       ],
     *       "nextCursor": "MDE5M2EwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMWEx"
     *     }
     */
    SyncRunPage: {
      items: components['schemas']['SyncRun'][];
      /** @description Pass as `cursor` for the next page; null on the last. */
      nextCursor: string | null;
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000000a1",
     *           "connectionId": "0193a000-0000-7000-8000-0000000000f1",
     *           "externalId": "64f1c0e2a7b3d90012ab34cd",
     *           "key": "CHK",
     *           "name": "Checkout revamp",
     *           "url": "https://acme.pingcode.com/pjm/projects/64f1c0e2a7b3d90012ab34cd",
     *           "type": "scrum",
     *           "startDate": "2026-01-12",
     *           "endDate": "2026-04-30",
     *           "archived": false,
     *           "lastSyncedAt": "2026-03-10T01:45:00.000Z",
     *           "clientSettings": {
     *             "hiddenTypes": [
     *               "bug"
     *             ],
     *             "hiddenLabels": [
     *               "internal"
     *             ],
     *             "responseTargetHours": 24
     *           }
     *         }
     *       ],
     *       "nextCursor": "MDE5M2EwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGEx"
     *     }
     */
    ProjectPage: {
      items: components['schemas']['Project'][];
      /** @description Pass as `cursor` for the next page; null on the last. */
      nextCursor: string | null;
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000000c1",
     *           "externalId": "65b3e2a4c9d5f12234cd56ef",
     *           "identifier": "CHK-42",
     *           "title": "Card payment form: 3-D Secure redirect",
     *           "type": "story",
     *           "statusName": "In review",
     *           "statusCategory": "in_progress",
     *           "blocked": false,
     *           "milestoneIds": [
     *             "0193a000-0000-7000-8000-0000000000d2"
     *           ],
     *           "parentExternalId": null,
     *           "assignee": "Li Wei",
     *           "labels": [
     *             "payments"
     *           ],
     *           "startDate": "2026-03-03",
     *           "dueDate": "2026-03-13",
     *           "completedAt": null,
     *           "estimate": 5,
     *           "url": "https://acme.pingcode.com/pjm/workitems/CHK-42",
     *           "remoteUpdatedAt": "2026-03-09T08:21:07.000Z",
     *           "clientTitle": "Pay by card, with your bank’s confirmation step",
     *           "deleted": false
     *         }
     *       ],
     *       "nextCursor": "MDE5M2EwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGMx"
     *     }
     */
    TaskPage: {
      items: components['schemas']['Task'][];
      /** @description Pass as `cursor` for the next page; null on the last. */
      nextCursor: string | null;
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000000d2",
     *           "externalId": "65a2d1f3b8c4e01123bc45de",
     *           "kind": "version",
     *           "name": "Release 2",
     *           "url": "https://acme.pingcode.com/pjm/projects/64f1c0e2a7b3d90012ab34cd/versions/65a2d1f3b8c4e01123bc45de",
     *           "startDate": "2026-03-02",
     *           "dueDate": "2026-03-27",
     *           "dueHistory": [
     *             {
     *               "from": "2026-03-20",
     *               "to": "2026-03-27",
     *               "at": "2026-03-06T09:30:00.000Z"
     *             }
     *           ],
     *           "status": "in_progress",
     *           "progress": 0.4,
     *           "completedAt": null
     *         }
     *       ]
     *     }
     */
    MilestoneList: {
      items: components['schemas']['Milestone'][];
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000000b2",
     *           "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *           "status": "draft",
     *           "content": {
     *             "headline": "Card payments work end to end in the test shop",
     *             "highlights": [
     *               "Card payment form finished, with the bank’s confirmation step",
     *               "Beta delivered on 8 March"
     *             ],
     *             "risks": [
     *               {
     *                 "problem": "The payment provider has not opened our test account yet.",
     *                 "impact": "Card payments cannot be tested end to end.",
     *                 "mitigation": "We test against their sandbox meanwhile.",
     *                 "decision": {
     *                   "question": "Ship Release 2 without PayPal?",
     *                   "by": "2026-03-12"
     *                 }
     *               }
     *             ],
     *             "nextSteps": [
     *               "Finish the PayPal button",
     *               "Start acceptance testing with your team"
     *             ]
     *           },
     *           "createdAt": "2026-03-13T06:00:00.000Z",
     *           "updatedAt": "2026-03-13T07:41:12.000Z",
     *           "publishedAt": null
     *         }
     *       ]
     *     }
     */
    UpdateList: {
      items: components['schemas']['Update'][];
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000001b1",
     *           "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *           "label": "ACME board",
     *           "language": "en",
     *           "detail": "overview",
     *           "expiresAt": "2026-06-30T16:00:00.000Z",
     *           "hasPasscode": true,
     *           "state": "active",
     *           "revokedAt": null,
     *           "viewCount": 14,
     *           "lastViewedAt": "2026-03-09T02:15:33.000Z",
     *           "createdAt": "2026-02-20T08:00:00.000Z"
     *         }
     *       ]
     *     }
     */
    ShareLinkList: {
      items: components['schemas']['ShareLink'][];
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000001c1",
     *           "url": "https://hooks.agency.example/clientlens",
     *           "events": [
     *             "update.published",
     *             "feedback.created"
     *           ],
     *           "active": true,
     *           "createdAt": "2026-02-21T09:00:00.000Z",
     *           "updatedAt": "2026-02-21T09:00:00.000Z"
     *         }
     *       ],
     *       "nextCursor": "MDE5M2EwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMWMx"
     *     }
     */
    WebhookSubscriptionPage: {
      items: components['schemas']['WebhookSubscription'][];
      /** @description Pass as `cursor` for the next page; null on the last. */
      nextCursor: string | null;
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000001d1",
     *           "subscriptionId": "0193a000-0000-7000-8000-0000000001c1",
     *           "eventId": "0193a000-0000-7000-8000-0000000001e1",
     *           "event": "update.published",
     *           "status": "retrying",
     *           "attempts": 2,
     *           "lastResponseStatus": 502,
     *           "lastError": "The receiver answered HTTP 502.",
     *           "nextAttemptAt": "2026-03-13T08:04:00.000Z",
     *           "createdAt": "2026-03-13T08:00:00.000Z",
     *           "updatedAt": "2026-03-13T08:02:00.000Z",
     *           "deliveredAt": null
     *         }
     *       ],
     *       "nextCursor": "MDE5M2EwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMWQx"
     *     }
     */
    WebhookDeliveryPage: {
      items: components['schemas']['WebhookDelivery'][];
      /** @description Pass as `cursor` for the next page; null on the last. */
      nextCursor: string | null;
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000002b1",
     *           "updateId": "0193a000-0000-7000-8000-0000000000b1",
     *           "purpose": "update",
     *           "channelId": "0193a000-0000-7000-8000-0000000002a2",
     *           "channelType": "slack",
     *           "channelName": "#atlas-client",
     *           "status": "sending",
     *           "attempts": 2,
     *           "nextAttemptAt": "2026-03-13T08:06:00.000Z",
     *           "lastError": {
     *             "code": "rate_limited",
     *             "message": "Slack asked us to slow down; the message is sent again shortly."
     *           },
     *           "createdAt": "2026-03-13T08:00:00.000Z",
     *           "updatedAt": "2026-03-13T08:01:00.000Z",
     *           "sentAt": null
     *         }
     *       ],
     *       "nextCursor": "MDE5M2EwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMmIx"
     *     }
     */
    ChannelDeliveryPage: {
      items: components['schemas']['ChannelDelivery'][];
      /** @description Pass as `cursor` for the next page; null on the last. */
      nextCursor: string | null;
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "0193a000-0000-7000-8000-0000000000e1",
     *           "projectId": "0193a000-0000-7000-8000-0000000000a1",
     *           "shareLinkId": "0193a000-0000-7000-8000-0000000001b1",
     *           "kind": "question",
     *           "body": "When can we try the checkout?",
     *           "rating": null,
     *           "updateId": null,
     *           "milestoneId": null,
     *           "authorName": "Ana Lima",
     *           "authorEmail": "ana.lima@acme.example",
     *           "language": "en",
     *           "status": "answered",
     *           "reply": "The test shop opens on 16 March; we will send you the link.",
     *           "overdue": false,
     *           "answerDueAt": "2026-03-10T03:00:00.000Z",
     *           "responseSeconds": 20700,
     *           "createdAt": "2026-03-09T03:00:00.000Z",
     *           "updatedAt": "2026-03-09T08:45:00.000Z",
     *           "answeredAt": "2026-03-09T08:45:00.000Z"
     *         }
     *       ],
     *       "nextCursor": "MDE5M2EwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGUx"
     *     }
     */
    FeedbackPage: {
      items: components['schemas']['Feedback'][];
      /** @description Pass as `cursor` for the next page; null on the last. */
      nextCursor: string | null;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The process is up. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
    };
  };
  getReadiness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ready: every check answered. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Readiness'];
        };
      };
      /** @description Not ready: `checks` says which dependency failed. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotReady'];
        };
      };
    };
  };
  listConnections: {
    parameters: {
      query?: {
        /** @description Items per page (1–200). */
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of connections. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConnectionPage'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createConnection: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: send a new unique value (a UUID) with each request, and the same one when you retry it. A retry with the same key, path and body gets the first answer again (same status and body, header `Idempotent-Replayed: true`) instead of doing the work twice; while the first is still running the answer is `409 idempotency_key_in_flight` with `Retry-After`; the same key with another path or body is `422 idempotency_key_reused`. Keys belong to the workspace; answers (2xx and 4xx) are kept 24 hours, a 5xx is not kept so its retry runs again. 1–255 printable ASCII characters, bare or as a quoted Structured Field string (draft-ietf-httpapi-idempotency-key-header). When keys cannot be checked the answer is `503 idempotency_unavailable` and nothing was done. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateConnectionInput'];
      };
    };
    responses: {
      /** @description Connected: the connection and the projects it reaches. */
      201: {
        headers: {
          /** @description Present when this is the stored answer of an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedConnection'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_key_in_flight`: a request with this `Idempotency-Key` is still running; retry after `Retry-After` seconds for its answer. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_in_flight",
           *       "title": "Conflict",
           *       "status": 409,
           *       "code": "idempotency_key_in_flight",
           *       "detail": "A request with this Idempotency-Key is still being processed. Retry in a second to get its answer.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request is well-formed but cannot be carried out: the upstream tool refused it, or this server lacks a setting; `detail` says why. Or `idempotency_key_reused`: this `Idempotency-Key` was used for a different request. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_reused",
           *       "title": "Unprocessable Content",
           *       "status": 422,
           *       "code": "idempotency_key_reused",
           *       "detail": "This Idempotency-Key was already used for a different request (another path or body). Send a new key for a new request.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_unavailable`: the `Idempotency-Key` cannot be checked now; nothing was done, retry shortly. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_unavailable",
           *       "title": "Service Unavailable",
           *       "status": 503,
           *       "code": "idempotency_unavailable",
           *       "detail": "Idempotency-Key cannot be checked right now (Redis is unavailable), so nothing was done. Retry shortly with the same key.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getConnection: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The connection. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Connection'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteConnection: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateConnection: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateConnectionInput'];
      };
    };
    responses: {
      /** @description The changed connection. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Connection'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request is well-formed but cannot be carried out: the upstream tool refused it, or this server lacks a setting; `detail` says why. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:upstream_credentials_rejected",
           *       "title": "Unprocessable Content",
           *       "status": 422,
           *       "code": "upstream_credentials_rejected",
           *       "detail": "PingCode refused the client ID and secret. Check the app under Admin → Credential management (凭据管理) and update the connection.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listSyncs: {
    parameters: {
      query?: {
        /** @description Items per page (1–200). */
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of sync runs. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SyncRunPage'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createSync: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: send a new unique value (a UUID) with each request, and the same one when you retry it. A retry with the same key, path and body gets the first answer again (same status and body, header `Idempotent-Replayed: true`) instead of doing the work twice; while the first is still running the answer is `409 idempotency_key_in_flight` with `Retry-After`; the same key with another path or body is `422 idempotency_key_reused`. Keys belong to the workspace; answers (2xx and 4xx) are kept 24 hours, a 5xx is not kept so its retry runs again. 1–255 printable ASCII characters, bare or as a quoted Structured Field string (draft-ietf-httpapi-idempotency-key-header). When keys cannot be checked the answer is `503 idempotency_unavailable` and nothing was done. */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateSyncInput'];
      };
    };
    responses: {
      /** @description Queued (or already queued or running): the run; `Location` is its URL. */
      202: {
        headers: {
          /** @description Present when this is the stored answer of an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SyncRun'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_key_in_flight`: a request with this `Idempotency-Key` is still running; retry after `Retry-After` seconds for its answer. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_in_flight",
           *       "title": "Conflict",
           *       "status": 409,
           *       "code": "idempotency_key_in_flight",
           *       "detail": "A request with this Idempotency-Key is still being processed. Retry in a second to get its answer.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_key_reused`: this `Idempotency-Key` was used for a different request. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_reused",
           *       "title": "Unprocessable Content",
           *       "status": 422,
           *       "code": "idempotency_key_reused",
           *       "detail": "This Idempotency-Key was already used for a different request (another path or body). Send a new key for a new request.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `queue_unavailable`: the job queue (Redis) is away; nothing was queued. Or `idempotency_unavailable`: the `Idempotency-Key` cannot be checked now; nothing was done, retry shortly. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:queue_unavailable",
           *       "title": "Service Unavailable",
           *       "status": 503,
           *       "code": "queue_unavailable",
           *       "detail": "The job queue (Redis) is unavailable; try again shortly.",
           *       "instance": "/api/v1/connections/0193a000-0000-7000-8000-0000000000f1/syncs",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getSync: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The run. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SyncRun'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listProjects: {
    parameters: {
      query?: {
        /** @description Items per page (1–200). */
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        connectionId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of projects. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProjectPage'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getProject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The project. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Project'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateProjectClientSettings: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ClientSettingsInput'];
      };
    };
    responses: {
      /** @description The project with its new client settings. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Project'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listProjectTasks: {
    parameters: {
      query?: {
        /** @description Items per page (1–200). */
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        statusCategory?: 'planned' | 'in_progress' | 'done' | 'cancelled';
        milestoneId?: string;
        /** @description Also list tasks deleted upstream (default false). */
        includeDeleted?: 'true' | 'false';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of tasks. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskPage'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  setTaskClientTitle: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        taskId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TaskClientTitleInput'];
      };
    };
    responses: {
      /** @description The task with its client-facing title. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listJargon: {
    parameters: {
      query?: {
        lang?: 'en' | 'zh-CN' | 'fr';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The titles to rewrite, with the terms found. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JargonList'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listProjectMilestones: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description All milestones of the project. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MilestoneList'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getProjectSummary: {
    parameters: {
      query?: {
        /** @description Language of `text` (default: the workspace language). */
        lang?: 'en' | 'zh-CN' | 'fr';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The summary and its sentences. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LocalizedSummary'];
        };
      };
      /** @description Not modified: the `ETag` in `If-None-Match` is current. */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listUpdates: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every update of the project. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UpdateList'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createUpdate: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: send a new unique value (a UUID) with each request, and the same one when you retry it. A retry with the same key, path and body gets the first answer again (same status and body, header `Idempotent-Replayed: true`) instead of doing the work twice; while the first is still running the answer is `409 idempotency_key_in_flight` with `Retry-After`; the same key with another path or body is `422 idempotency_key_reused`. Keys belong to the workspace; answers (2xx and 4xx) are kept 24 hours, a 5xx is not kept so its retry runs again. 1–255 printable ASCII characters, bare or as a quoted Structured Field string (draft-ietf-httpapi-idempotency-key-header). When keys cannot be checked the answer is `503 idempotency_unavailable` and nothing was done. */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateUpdateInput'] | null;
      };
    };
    responses: {
      /** @description The new draft. */
      201: {
        headers: {
          /** @description Present when this is the stored answer of an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Update'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_key_in_flight`: a request with this `Idempotency-Key` is still running; retry after `Retry-After` seconds for its answer. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_in_flight",
           *       "title": "Conflict",
           *       "status": 409,
           *       "code": "idempotency_key_in_flight",
           *       "detail": "A request with this Idempotency-Key is still being processed. Retry in a second to get its answer.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_key_reused`: this `Idempotency-Key` was used for a different request. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_reused",
           *       "title": "Unprocessable Content",
           *       "status": 422,
           *       "code": "idempotency_key_reused",
           *       "detail": "This Idempotency-Key was already used for a different request (another path or body). Send a new key for a new request.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_unavailable`: the `Idempotency-Key` cannot be checked now; nothing was done, retry shortly. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_unavailable",
           *       "title": "Service Unavailable",
           *       "status": 503,
           *       "code": "idempotency_unavailable",
           *       "detail": "Idempotency-Key cannot be checked right now (Redis is unavailable), so nothing was done. Retry shortly with the same key.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getUpdate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The update. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Update'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  editUpdate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EditUpdateInput'];
      };
    };
    responses: {
      /** @description The changed draft. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Update'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `update_published`: published updates cannot be changed; write a new one. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:update_published",
           *       "title": "Conflict",
           *       "status": 409,
           *       "code": "update_published",
           *       "detail": "A published update cannot be changed; write a new one.",
           *       "instance": "/api/v1/updates/0193a000-0000-7000-8000-0000000000b1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  publishUpdate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The published update. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Update'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `update_published`: this update is already published. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:update_published",
           *       "title": "Conflict",
           *       "status": 409,
           *       "code": "update_published",
           *       "detail": "A published update cannot be changed; write a new one.",
           *       "instance": "/api/v1/updates/0193a000-0000-7000-8000-0000000000b1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listShareLinks: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every share link of the project. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ShareLinkList'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createShareLink: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: send a new unique value (a UUID) with each request, and the same one when you retry it. A retry with the same key, path and body gets the first answer again (same status and body, header `Idempotent-Replayed: true`) instead of doing the work twice; while the first is still running the answer is `409 idempotency_key_in_flight` with `Retry-After`; the same key with another path or body is `422 idempotency_key_reused`. Keys belong to the workspace; answers (2xx and 4xx) are kept 24 hours, a 5xx is not kept so its retry runs again. 1–255 printable ASCII characters, bare or as a quoted Structured Field string (draft-ietf-httpapi-idempotency-key-header). When keys cannot be checked the answer is `503 idempotency_unavailable` and nothing was done. */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateShareLinkInput'];
      };
    };
    responses: {
      /** @description The new link, with its `url` (shown this once). */
      201: {
        headers: {
          /** @description Present when this is the stored answer of an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedShareLink'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_key_in_flight`: a request with this `Idempotency-Key` is still running; retry after `Retry-After` seconds for its answer. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_in_flight",
           *       "title": "Conflict",
           *       "status": 409,
           *       "code": "idempotency_key_in_flight",
           *       "detail": "A request with this Idempotency-Key is still being processed. Retry in a second to get its answer.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_key_reused`: this `Idempotency-Key` was used for a different request. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_reused",
           *       "title": "Unprocessable Content",
           *       "status": 422,
           *       "code": "idempotency_key_reused",
           *       "detail": "This Idempotency-Key was already used for a different request (another path or body). Send a new key for a new request.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_unavailable`: the `Idempotency-Key` cannot be checked now; nothing was done, retry shortly. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_unavailable",
           *       "title": "Service Unavailable",
           *       "status": 503,
           *       "code": "idempotency_unavailable",
           *       "detail": "Idempotency-Key cannot be checked right now (Redis is unavailable), so nothing was done. Retry shortly with the same key.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  revokeShareLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The link, now `revoked`. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ShareLink'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listWebhookSubscriptions: {
    parameters: {
      query?: {
        /** @description Items per page (1–200). */
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of subscriptions. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookSubscriptionPage'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createWebhookSubscription: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: send a new unique value (a UUID) with each request, and the same one when you retry it. A retry with the same key, path and body gets the first answer again (same status and body, header `Idempotent-Replayed: true`) instead of doing the work twice; while the first is still running the answer is `409 idempotency_key_in_flight` with `Retry-After`; the same key with another path or body is `422 idempotency_key_reused`. Keys belong to the workspace; answers (2xx and 4xx) are kept 24 hours, a 5xx is not kept so its retry runs again. 1–255 printable ASCII characters, bare or as a quoted Structured Field string (draft-ietf-httpapi-idempotency-key-header). When keys cannot be checked the answer is `503 idempotency_unavailable` and nothing was done. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateWebhookSubscriptionInput'];
      };
    };
    responses: {
      /** @description Subscribed: the subscription with its `secret` (shown this once). */
      201: {
        headers: {
          /** @description Present when this is the stored answer of an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedWebhookSubscription'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_key_in_flight`: a request with this `Idempotency-Key` is still running; retry after `Retry-After` seconds for its answer. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_in_flight",
           *       "title": "Conflict",
           *       "status": 409,
           *       "code": "idempotency_key_in_flight",
           *       "detail": "A request with this Idempotency-Key is still being processed. Retry in a second to get its answer.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_key_reused`: this `Idempotency-Key` was used for a different request. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_reused",
           *       "title": "Unprocessable Content",
           *       "status": 422,
           *       "code": "idempotency_key_reused",
           *       "detail": "This Idempotency-Key was already used for a different request (another path or body). Send a new key for a new request.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_unavailable`: the `Idempotency-Key` cannot be checked now; nothing was done, retry shortly. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_unavailable",
           *       "title": "Service Unavailable",
           *       "status": 503,
           *       "code": "idempotency_unavailable",
           *       "detail": "Idempotency-Key cannot be checked right now (Redis is unavailable), so nothing was done. Retry shortly with the same key.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWebhookSubscription: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The subscription. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookSubscription'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteWebhookSubscription: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateWebhookSubscription: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateWebhookSubscriptionInput'];
      };
    };
    responses: {
      /** @description The changed subscription. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookSubscription'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listWebhookDeliveries: {
    parameters: {
      query?: {
        /** @description Items per page (1–200). */
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        /** @description Only deliveries in this state. */
        status?: 'pending' | 'queued' | 'retrying' | 'delivered' | 'failed';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of deliveries. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDeliveryPage'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getCommPlan: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The plan. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CommPlan'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putCommPlan: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PutCommPlanInput'];
      };
    };
    responses: {
      /** @description The plan as saved, with its next run. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CommPlan'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `email_not_configured`: an email channel was given but this server has no SMTP settings; `errors` names the channels. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:email_not_configured",
           *       "title": "Unprocessable Content",
           *       "status": 422,
           *       "code": "email_not_configured",
           *       "detail": "This server cannot send email: SMTP_URL is not set. Set SMTP_URL (and MAIL_FROM) on the ClientLens server, or remove the email channel (channels.0).",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/comm-plan",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "channels.0",
           *           "message": "needs SMTP_URL to be set on the server"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteCommPlan: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Stopped. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listChannelDeliveries: {
    parameters: {
      query?: {
        /** @description Items per page (1–200). */
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        /** @description Only sends in this state. */
        status?: 'pending' | 'sending' | 'sent' | 'failed';
        /** @description Only sends of this update. */
        updateId?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of sends. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChannelDeliveryPage'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listFeedback: {
    parameters: {
      query?: {
        /** @description Items per page (1–200). */
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        kind?: 'question' | 'comment' | 'approval' | 'change_request' | 'rating';
        status?: 'open' | 'answered' | 'closed';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of feedback. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FeedbackPage'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  answerFeedback: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AnswerFeedbackInput'];
      };
    };
    responses: {
      /** @description The feedback with your answer. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Feedback'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `reply_required`: `answered` needs a reply. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:reply_required",
           *       "title": "Conflict",
           *       "status": 409,
           *       "code": "reply_required",
           *       "detail": "Feedback can be marked answered only with a reply.",
           *       "instance": "/api/v1/feedback/0193a000-0000-7000-8000-0000000000e1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getProjectAgenda: {
    parameters: {
      query?: {
        /** @description `json` (default) or `md` (`text/markdown`). */
        format?: 'json' | 'md';
        /** @description Language of the agenda (default: the language of the project’s communication plan, else the workspace language). */
        lang?: 'en' | 'zh-CN' | 'fr';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The agenda. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Agenda'];
          'text/markdown': string;
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getProjectCommHealth: {
    parameters: {
      query?: {
        /** @description How many of the latest published updates to list (1–50). */
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The communication health. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CommHealth'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createPanelToken: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: send a new unique value (a UUID) with each request, and the same one when you retry it. A retry with the same key, path and body gets the first answer again (same status and body, header `Idempotent-Replayed: true`) instead of doing the work twice; while the first is still running the answer is `409 idempotency_key_in_flight` with `Retry-After`; the same key with another path or body is `422 idempotency_key_reused`. Keys belong to the workspace; answers (2xx and 4xx) are kept 24 hours, a 5xx is not kept so its retry runs again. 1–255 printable ASCII characters, bare or as a quoted Structured Field string (draft-ietf-httpapi-idempotency-key-header). When keys cannot be checked the answer is `503 idempotency_unavailable` and nothing was done. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreatePanelTokenInput'];
      };
    };
    responses: {
      /** @description The token and when it stops being accepted. */
      201: {
        headers: {
          /** @description Present when this is the stored answer of an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PanelToken'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The API key is missing, malformed, revoked or unknown. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "unauthorized",
           *       "detail": "The API key is not valid (unknown or revoked).",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_key_in_flight`: a request with this `Idempotency-Key` is still running; retry after `Retry-After` seconds for its answer. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_in_flight",
           *       "title": "Conflict",
           *       "status": 409,
           *       "code": "idempotency_key_in_flight",
           *       "detail": "A request with this Idempotency-Key is still being processed. Retry in a second to get its answer.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as `application/json`. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:unsupported_media_type",
           *       "title": "Unsupported Media Type",
           *       "status": 415,
           *       "code": "unsupported_media_type",
           *       "detail": "Send the body as application/json.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_key_reused`: this `Idempotency-Key` was used for a different request. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_key_reused",
           *       "title": "Unprocessable Content",
           *       "status": 422,
           *       "code": "idempotency_key_reused",
           *       "detail": "This Idempotency-Key was already used for a different request (another path or body). Send a new key for a new request.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. */
      429: {
        headers: {
          /** @description Seconds to wait before the next request. */
          'Retry-After'?: number;
          /** @description Requests this API key may send per minute. */
          'RateLimit-Limit'?: number;
          /** @description Requests left in the current minute. */
          'RateLimit-Remaining'?: number;
          /** @description Seconds until the budget is whole again. */
          'RateLimit-Reset'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:rate_limited",
           *       "title": "Too Many Requests",
           *       "status": 429,
           *       "code": "rate_limited",
           *       "detail": "This API key sent more than 600 requests in a minute. Retry after 12 seconds.",
           *       "instance": "/api/v1/projects",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `idempotency_unavailable`: the `Idempotency-Key` cannot be checked now; nothing was done, retry shortly. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:idempotency_unavailable",
           *       "title": "Service Unavailable",
           *       "status": 503,
           *       "code": "idempotency_unavailable",
           *       "detail": "Idempotency-Key cannot be checked right now (Redis is unavailable), so nothing was done. Retry shortly with the same key.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  receiveWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The connection’s tool, e.g. `github`. */
        provider: string;
        connectionId: string;
      };
      cookie?: never;
    };
    /** @description The tool’s own event payload, signed over its exact bytes. ClientLens reads only which project changed. */
    requestBody: {
      content: {
        'application/json': unknown;
      };
    };
    responses: {
      /** @description Received: the sync runs it queued (none for a repeat). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookReceipt'];
        };
      };
      /** @description The request is not valid; `errors` names each bad field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:validation_failed",
           *       "title": "Bad Request",
           *       "status": 400,
           *       "code": "validation_failed",
           *       "detail": "Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93",
           *       "errors": [
           *         {
           *           "field": "credentials.clientSecret",
           *           "message": "Invalid input: expected string, received undefined"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `webhook_rejected`: the signature is missing or does not match the connection’s webhook secret (or none is set). */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:webhook_rejected",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "code": "webhook_rejected",
           *       "detail": "The webhook signature is missing or does not match this connection.",
           *       "instance": "/webhooks/pingcode/0193a000-0000-7000-8000-0000000000f1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `not_found`: no such connection for this tool; or `webhooks_unsupported` by this tool. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:not_found",
           *       "title": "Not Found",
           *       "status": 404,
           *       "code": "not_found",
           *       "detail": "Project was not found.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is larger than this route accepts. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:body_too_large",
           *       "title": "Payload Too Large",
           *       "status": 413,
           *       "code": "body_too_large",
           *       "detail": "The body is larger than this API accepts.",
           *       "instance": "/api/v1/connections",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer. */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:internal_error",
           *       "title": "Internal Server Error",
           *       "status": 500,
           *       "code": "internal_error",
           *       "detail": "Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.",
           *       "instance": "/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `queue_unavailable`: the job queue is away; the delivery is not recorded, so the tool’s retry is acted on. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:clientlens:problem:queue_unavailable",
           *       "title": "Service Unavailable",
           *       "status": 503,
           *       "code": "queue_unavailable",
           *       "detail": "The job queue (Redis) is unavailable; try again shortly.",
           *       "instance": "/api/v1/connections/0193a000-0000-7000-8000-0000000000f1/syncs",
           *       "requestId": "5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
}
