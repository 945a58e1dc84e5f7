export { ConfigValues, nginxSizeBytes, nginxTimeMs } from './config-values';
export { NGINX_HTML_ROOT, OFFICIAL_50X_HTML } from './nginx-image-html';
export { seed002StaticConfig } from './seed-configs';
export { NGINX_CONF_TARGET, type ProxyPlan, readStackPlan, type StackPlan } from './stack-plan';
export { appRequests, type StartedStack, type StartStackOptions, startStack, stopStack } from './start-stack';
