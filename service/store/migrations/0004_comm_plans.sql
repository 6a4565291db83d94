CREATE TABLE "channel_delivery" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"project_id" text NOT NULL,
	"update_id" text NOT NULL,
	"purpose" text NOT NULL,
	"channel_id" text NOT NULL,
	"channel_type" text NOT NULL,
	"channel_name" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error_code" text,
	"last_error" text,
	"pending_recipients" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "comm_plan" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"project_id" text NOT NULL,
	"cadence" jsonb NOT NULL,
	"anchor_week" date,
	"locale" text NOT NULL,
	"grace_hours" integer DEFAULT 24 NOT NULL,
	"channels" text NOT NULL,
	"pm_notify" text NOT NULL,
	"share_link_id" text,
	"share_token" text,
	"version" integer DEFAULT 1 NOT NULL,
	"scheduled_version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_delivery" ADD CONSTRAINT "channel_delivery_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_delivery" ADD CONSTRAINT "channel_delivery_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_delivery" ADD CONSTRAINT "channel_delivery_update_id_update_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."update"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comm_plan" ADD CONSTRAINT "comm_plan_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comm_plan" ADD CONSTRAINT "comm_plan_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comm_plan" ADD CONSTRAINT "comm_plan_share_link_id_share_link_id_fk" FOREIGN KEY ("share_link_id") REFERENCES "public"."share_link"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_delivery_send_uq" ON "channel_delivery" USING btree ("update_id","purpose","channel_id");--> statement-breakpoint
CREATE INDEX "channel_delivery_project_idx" ON "channel_delivery" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "channel_delivery_outbox_idx" ON "channel_delivery" USING btree ("id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "channel_delivery_open_idx" ON "channel_delivery" USING btree ("next_attempt_at") WHERE status = 'sending';--> statement-breakpoint
CREATE UNIQUE INDEX "comm_plan_project_uq" ON "comm_plan" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "comm_plan_unscheduled_idx" ON "comm_plan" USING btree ("id") WHERE version <> scheduled_version;