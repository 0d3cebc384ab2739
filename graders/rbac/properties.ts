/** The rbac lab's properties: their names, and the rule each states in failure messages. */
/** PROPERTIES are the properties the rbac grader checks, by name. */
export const PROPERTIES = {
  bindingScope: 'binding-scope',
  clusterRoleViaRoleBinding: 'cluster-role-via-role-binding',
  subjects: 'subjects',
  serviceAccounts: 'serviceaccount-subjects',
  verbsAndGroups: 'verbs-and-groups',
  wildcards: 'wildcards',
  resourceNames: 'resource-names',
  subresources: 'subresources',
  nonResourceURLs: 'non-resource-urls',
  denyByDefault: 'deny-by-default',
  reasons: 'reasons',
  rulesFor: 'rules-for',
  contract: 'contract',
} as const;

export type Property = (typeof PROPERTIES)[keyof typeof PROPERTIES];

/** HINTS state each property's rule, for failure messages. */
export const HINTS: Readonly<Record<Property, string>> = {
  'binding-scope':
    'a RoleBinding grants only in its own namespace, with the Role of that namespace; a ClusterRoleBinding grants in every namespace and cluster-wide',
  'cluster-role-via-role-binding': 'a RoleBinding that references a ClusterRole grants that ClusterRole’s rules in the RoleBinding’s namespace only',
  subjects: 'a User subject matches the username exactly, a Group subject any of the user’s groups',
  'serviceaccount-subjects':
    'a ServiceAccount subject is the user system:serviceaccount:<namespace>:<name>; without a namespace it means the RoleBinding’s namespace, and in a ClusterRoleBinding it matches no one',
  'verbs-and-groups': 'verbs and apiGroups match exactly and case-sensitively ("" is the core group)',
  wildcards: '"*" in verbs, apiGroups or resources matches any value',
  'resource-names': 'a rule with resourceNames covers only requests naming one of them, never a request without a name (list, watch, create); a rule without covers every name',
  subresources: 'a rule covers pods/log only by listing "pods/log", "*/log" or "*"; "pods" alone covers none of its subresources, and "pods/log" not pods',
  'non-resource-urls':
    'nonResourceURLs match a path exactly, or by prefix when they end in "*" ("/apis/*" covers "/apis/apps" but not "/apis"); rules with resources never cover paths',
  'deny-by-default': 'RBAC only ever allows: when no rule covers a request the decision is NoOpinion (never Deny), so that another authorizer may still allow it',
  reasons:
    'an allowed request’s reason is "RBAC: allowed by <binding>" for the first rule that covers it (ClusterRoleBindings first, then the namespace’s RoleBindings, each in the listers’ order, the binding’s first matching subject); a refused one’s lists the missing roles met, as "RBAC: <error>" or "RBAC: [<e1>, <e2>]"',
  'rules-for': 'rulesFor lists every rule of every binding that applies to the user in the namespace: rules with resources as resource rules, rules with nonResourceURLs as non-resource rules',
  contract: 'authorize returns { decision: "Allow" | "Deny" | "NoOpinion", reason: string }',
};
