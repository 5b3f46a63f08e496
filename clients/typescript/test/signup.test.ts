// Against a running (packaged) Countersign: sign up, verify with the token of the e-mail, log in, read the account.
//   COUNTERSIGN_URL=http://localhost:8080 MAILBOX_URL=http://127.0.0.1:<port> npm test
// MAILBOX_URL answers GET /messages?to=<address> with [{"subject", "text"}] (the test suite's SMTP server).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { createCountersignClient } from "../src/index.js";

const baseUrl = process.env.COUNTERSIGN_URL;
const mailbox = process.env.MAILBOX_URL;

async function verificationToken(address: string): Promise<string> {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
        const response = await fetch(`${mailbox}/messages?to=${encodeURIComponent(address)}`);
        const messages = (await response.json()) as { subject: string; text: string }[];
        const link = messages.map((m) => /\/pages\/verify\?token=([A-Za-z0-9._~%-]+)/.exec(m.text)).find((m) => m);
        if (link) {
            return decodeURIComponent(link[1]);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no verification e-mail to ${address} within 90 s`);
}

test("sign up, verify from the mailbox, log in", { skip: !baseUrl || !mailbox ? "set COUNTERSIGN_URL and MAILBOX_URL" : false }, async () => {
    const client = createCountersignClient(baseUrl!);
    const email = `ts-${randomUUID().slice(0, 12)}@example.com`;
    const password = "violet tractor umbrella 47";

    const signUp = await client.POST("/users", { body: { email, password, displayName: "Ada" } });
    assert.equal(signUp.response.status, 202);

    const token = await verificationToken(email);
    const verified = await client.POST("/verification/confirm", { body: { token, password } });
    assert.equal(verified.response.status, 200);
    assert.equal(verified.data?.isVerified, true);
    assert.equal(verified.data?.email, email);

    const login = await client.POST("/authentication", { body: { strategy: "local", email, password } });
    assert.equal(login.response.status, 201);
    assert.ok(login.data?.accessToken, "an access token");

    client.setAccessToken(login.data!.accessToken);
    const me = await client.GET("/users/me");
    assert.equal(me.response.status, 200);
    assert.equal(me.data?.id, verified.data?.id);

    const wrong = await client.POST("/verification/confirm", { body: { token, password } });
    assert.equal(wrong.response.status, 400, "a used token is refused");
    assert.equal((wrong.error as { code?: string } | undefined)?.code, "token_invalid");
});
