// Tests log at "silent" unless TEST_LOG_LEVEL asks otherwise, so failures are not buried in noise.
import { createRootLogger } from "../../src/logger.js";

createRootLogger((process.env.TEST_LOG_LEVEL as "debug" | undefined) ?? "silent");
