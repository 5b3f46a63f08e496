import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, paths };

/** The typed client: `client.POST("/users", { body })` checks the path, the body and the answer against the API. */
export type CountersignClient = Client<paths>;

/**
 * Creates a client of the Countersign API at `baseUrl` (e.g. `http://localhost:8080`). With `accessToken`, every
 * request carries it as a bearer token; `setAccessToken` changes it later (after a login).
 */
export function createCountersignClient(baseUrl: string, accessToken?: string) {
    let token = accessToken;
    const client = createClient<paths>({ baseUrl, headers: { accept: "application/json" } });
    const bearer: Middleware = {
        onRequest({ request }) {
            if (token) {
                request.headers.set("authorization", `Bearer ${token}`);
            }
            return request;
        },
    };
    client.use(bearer);
    return Object.assign(client, {
        setAccessToken(value: string | undefined) {
            token = value;
        },
    });
}
