/**
 * The JSON keys of the application secret (the payment provider's API key
 * and webhook signing secret). The data layer generates the secret with these
 * keys; the compute layer injects each into the container by default. One
 * list, so the two layers cannot drift apart.
 */
export const APP_SECRET_KEYS = ["paymentApiKey", "paymentWebhookSigningSecret"] as const;
