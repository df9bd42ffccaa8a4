import { COMPUTE_FAKES } from "./compute";
import { DATA_FAKES } from "./data";
import { EDGE_FAKES } from "./edge";
import { Fake } from "./kit";
import { NETWORK_FAKES } from "./network";

/**
 * Computed outputs per resource type token, so mocked ids and ARNs look like
 * AWS's (service, region, 12-digit account). Types not listed get a generic
 * ARN under the service named by their module.
 */
export const FAKES: Readonly<Record<string, Fake>> = {
  ...NETWORK_FAKES,
  ...DATA_FAKES,
  ...EDGE_FAKES,
  ...COMPUTE_FAKES,
};
