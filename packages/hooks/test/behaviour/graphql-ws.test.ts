/**
 * A GraphQL subscription client nobody here wrote, graphql-ws, running on the emulated
 * mini-program platforms through the library's standard WebSocket class.
 */
import { EMULATED_CLIENT_PLATFORMS, emulatedClientSetup } from '../support/client-setup'
import { describeGraphqlWs } from '../support/graphql-suite'

for (const [name, platform] of Object.entries(EMULATED_CLIENT_PLATFORMS)) describeGraphqlWs(name, () => emulatedClientSetup(platform))
