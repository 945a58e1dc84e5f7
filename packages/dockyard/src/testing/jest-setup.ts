// A setup module for jest's `setupFilesAfterEnv` (or a side-effect import in a test file): installs the
// Dockyard matchers and the snapshot serializer.
import { installDockyardMatchers } from './jest';

installDockyardMatchers();
