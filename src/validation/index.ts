/**
 * validation/: the rules a Kubernetes API server and Verrazzano's admission webhooks apply to
 * objects. Imports model/ and manifest/.
 */
export { toIssues, validateObject } from './validate.js';
export { admissionContext, validateManifests } from './validateManifests.js';
export type { ValidateManifestsOptions, ValidationReport } from './validateManifests.js';
export { admitManagedCluster, admitProject, admitWrapper } from './admission.js';
export type { AdmissionContext, Lookup, VerrazzanoInstallFacts } from './admission.js';
export {
  base64DecodedLength,
  base64ErrorOffset,
  DATA_BYTES_MAX,
  decodeBase64Text,
  DNS1123_LABEL_MAX,
  DNS1123_SUBDOMAIN_MAX,
  isConfigMapKey,
  isDns1123Label,
  isDns1123Subdomain,
  isPathSegmentName,
  isQualifiedName,
  isValidLabelValue,
  LABEL_VALUE_MAX,
  TOTAL_ANNOTATION_BYTES_MAX,
} from './k8s-rules.js';
export type { Finding } from './finding.js';
