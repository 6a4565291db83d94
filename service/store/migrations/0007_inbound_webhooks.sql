CREATE TABLE "inbound_delivery" (
	"id" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"provider" text NOT NULL,
	"delivery_id" text NOT NULL,
	"event" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connection" ADD COLUMN "webhook_secret" text;--> statement-breakpoint
ALTER TABLE "connection" ADD COLUMN "reconcile_minutes" integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_delivery" ADD CONSTRAINT "inbound_delivery_connection_id_connection_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_delivery_uq" ON "inbound_delivery" USING btree ("connection_id","delivery_id");