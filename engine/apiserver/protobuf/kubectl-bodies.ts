/**
 * KUBECTL_BODIES are request bodies kubectl v1.32.4 sent as Kubernetes protobuf
 * (application/vnd.kubernetes.protobuf), captured at the HTTPS front: each with
 * the command that sent it and the path it was sent to. Test data for the decoder.
 */
export interface CapturedBody {
  command: string;
  path: string;
  /** base64 is the body, base64-encoded. */
  base64: string;
}

export const KUBECTL_BODIES: Record<string, CapturedBody> = {
  namespace: {
    command: "kubectl create namespace dev",
    path: "/api/v1/namespaces",
    base64: 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhsKEwoDZGV2EgAaACIAKgAyADgAQgASABoCCgAaACIA',
  },
  configMap: {
    command: "kubectl create configmap c --from-literal=a=1 -n dev",
    path: "/api/v1/namespaces/dev/configmaps",
    base64: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEh4KFAoBYxIAGgNkZXYiACoAMgA4AEIAEgYKAWESATEaACIA',
  },
  secret: {
    command: "kubectl create secret generic s --from-literal=pw=hunter2 -n dev",
    path: "/api/v1/namespaces/dev/secrets",
    base64: 'azhzAAoMCgJ2MRIGU2VjcmV0EicKFAoBcxIAGgNkZXYiACoAMgA4AEIAEg0KAnB3EgdodW50ZXIyGgAaACIA',
  },
  serviceAccount: {
    command: "kubectl create serviceaccount sa -n dev",
    path: "/api/v1/namespaces/dev/serviceaccounts",
    base64: 'azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSFwoVCgJzYRIAGgNkZXYiACoAMgA4AEIAGgAiAA==',
  },
  role: {
    command: "kubectl create role r --verb=get --resource=pods -n dev",
    path: "/apis/rbac.authorization.k8s.io/v1/namespaces/dev/roles",
    base64:
      'azhzAAokChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgRSb2xlEiUKFAoBchIAGgNkZXYiACoAMgA4AEIAEg0KA2dl' +
      'dBIAGgRwb2RzGgAiAA==',
  },
  clusterRole: {
    command: "kubectl create clusterrole cr --verb=get,list --resource=pods,deployments.apps --resource-name=x",
    path: "/apis/rbac.authorization.k8s.io/v1/clusterroles",
    base64:
      'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtDbHVzdGVyUm9sZRJPChIKAmNyEgAaACIAKgAyADgAQgAS' +
      'FgoDZ2V0CgRsaXN0EgAaBHBvZHMiAXgSIQoDZ2V0CgRsaXN0EgRhcHBzGgtkZXBsb3ltZW50cyIBeBoAIgA=',
  },
  roleBinding: {
    command: "kubectl create rolebinding rb --role=r --user=bob -n dev",
    path: "/apis/rbac.authorization.k8s.io/v1/namespaces/dev/rolebindings",
    base64:
      'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtSb2xlQmluZGluZxJnChUKAnJiEgAaA2RldiIAKgAyADgA' +
      'QgASKAoEVXNlchIZcmJhYy5hdXRob3JpemF0aW9uLms4cy5pbxoDYm9iIgAaJAoZcmJhYy5hdXRob3JpemF0aW9uLms4cy5p' +
      'bxIEUm9sZRoBchoAIgA=',
  },
  clusterRoleBinding: {
    command: "kubectl create clusterrolebinding crb --clusterrole=cr --group=devs --serviceaccount=dev:sa",
    path: "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
    base64:
      'azhzAAoyChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEhJDbHVzdGVyUm9sZUJpbmRpbmcSjAEKEwoDY3JiEgAaACIA' +
      'KgAyADgAQgASKgoFR3JvdXASGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8aBGRldnMiABIbCg5TZXJ2aWNlQWNjb3VudBIA' +
      'GgJzYSIDZGV2GiwKGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8SC0NsdXN0ZXJSb2xlGgJjchoAIgA=',
  },
  deployment: {
    command: "kubectl create deployment web --image=nginx -n dev --replicas=2 --port=80",
    path: "/apis/apps/v1/namespaces/dev/deployments",
    base64:
      'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50ErsBCiIKA3dlYhIAGgNkZXYiACoAMgA4AEIAWgoKA2FwcBIDd2ViEoYBCAIS' +
      'DAoKCgNhcHASA3dlYhpsChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEkwSLgoFbmdpbngSBW5naW54KgAyCgoAEAAY' +
      'UCIAKgBCAGoAcgCAAQCIAQCQAQCiAQAaADIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAIgIKACgAOAAaDAgAEAAYACAAKAA4' +
      'ABoAIgA=',
  },
  job: {
    command: "kubectl create job j --image=busybox -n dev -- echo hi",
    path: "/apis/batch/v1/namespaces/dev/jobs",
    base64:
      'azhzAAoPCghiYXRjaC92MRIDSm9iEoUBChQKAWoSABoDZGV2IgAqADIAOABCABJjMmEKEAoAEgAaACIAKgAyADgAQgASTRIq' +
      'CgFqEgdidXN5Ym94GgRlY2hvGgJoaSoAQgBqAHIAgAEAiAEAkAEAogEAGgVOZXZlcjIAQgBKAFIAWABgAGgAggEAigEAmgEA' +
      'wgEAGgggACgAMAA6ABoAIgA=',
  },
  cronJob: {
    command: "kubectl create cronjob cj --image=busybox --schedule='*/5 * * * *' -n dev -- date",
    path: "/apis/batch/v1/namespaces/dev/cronjobs",
    base64:
      'azhzAAoTCghiYXRjaC92MRIHQ3JvbkpvYhKnAQoVCgJjahIAGgNkZXYiACoAMgA4AEIAEosBCgsqLzUgKiAqICogKhoAKnoK' +
      'EgoCY2oSABoAIgAqADIAOABCABJkMmIKEAoAEgAaACIAKgAyADgAQgASThInCgJjahIHYnVzeWJveBoEZGF0ZSoAQgBqAHIA' +
      'gAEAiAEAkAEAogEAGglPbkZhaWx1cmUyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBABoAGgAiAA==',
  },
  serviceClusterIP: {
    command: "kubectl create service clusterip svc --tcp=80:8080 -n dev",
    path: "/api/v1/namespaces/dev/services",
    base64:
      'azhzAAoNCgJ2MRIHU2VydmljZRJsCiIKA3N2YxIAGgNkZXYiACoAMgA4AEIAWgoKA2FwcBIDc3ZjEkIKGwoHODAtODA4MBID' +
      'VENQGFAiBwgAEJA/GgAoABIKCgNhcHASA3N2YxoAIglDbHVzdGVySVA6AEIAUgBaAGAAaAAaAgoAGgAiAA==',
  },
  priorityClass: {
    command: "kubectl create priorityclass pc --value=1000 --description=high --global-default=false",
    path: "/apis/scheduling.k8s.io/v1/priorityclasses",
    base64:
      'azhzAAolChRzY2hlZHVsaW5nLms4cy5pby92MRINUHJpb3JpdHlDbGFzcxI1ChIKAnBjEgAaACIAKgAyADgAQgAQ6AcYACIE' +
      'aGlnaCoUUHJlZW1wdExvd2VyUHJpb3JpdHkaACIA',
  },
  quota: {
    command: "kubectl create quota q --hard=cpu=1,memory=1G,pods=10 -n dev",
    path: "/api/v1/namespaces/dev/resourcequotas",
    base64:
      'azhzAAoTCgJ2MRINUmVzb3VyY2VRdW90YRJEChQKAXESABoDZGV2IgAqADIAOABCABIqCgoKA2NwdRIDCgExCg4KBm1lbW9y' +
      'eRIECgIxRwoMCgRwb2RzEgQKAjEwGgAaACIA',
  },
  selfSubjectAccessReview: {
    command: "kubectl auth can-i list pods -n dev --as bob",
    path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    base64:
      'azhzAAoyChdhdXRob3JpemF0aW9uLms4cy5pby92MRIXU2VsZlN1YmplY3RBY2Nlc3NSZXZpZXcSOQoQCgASABoAIgAqADIA' +
      'OABCABIbChkKA2RldhIEbGlzdBoAIgAqBHBvZHMyADoAGggIABIAGgAgABoAIgA=',
  },
  selfSubjectRulesReview: {
    command: "kubectl auth can-i --list -n dev",
    path: "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
    base64:
      'azhzAAoxChdhdXRob3JpemF0aW9uLms4cy5pby92MRIWU2VsZlN1YmplY3RSdWxlc1JldmlldxIfChAKABIAGgAiACoAMgA4' +
      'AEIAEgUKA2RldhoEGAAiABoAIgA=',
  },
  selfSubjectAccessReviewSubresource: {
    command: "kubectl auth can-i create deployments.apps/scale --subresource=scale -n dev",
    path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    base64:
      'azhzAAoyChdhdXRob3JpemF0aW9uLms4cy5pby92MRIXU2VsZlN1YmplY3RBY2Nlc3NSZXZpZXcSUAoQCgASABoAIgAqADIA' +
      'OABCABIyCjAKA2RldhIGY3JlYXRlGgRhcHBzIgAqC2RlcGxveW1lbnRzMgVzY2FsZToFc2NhbGUaCAgAEgAaACAAGgAiAA==',
  },
  podDisruptionBudget: {
    command: "kubectl create poddisruptionbudget pdb --selector=app=p --min-available=1 -n default",
    path: "/apis/policy/v1/namespaces/default/poddisruptionbudgets",
    base64:
      'azhzAAogCglwb2xpY3kvdjESE1BvZERpc3J1cHRpb25CdWRnZXQSPgoaCgNwZGISABoHZGVmYXVsdCIAKgAyADgAQgASFAoG' +
      'CAAQARoAEgoKCAoDYXBwEgFwGgoIABgAIAAoADAAGgAiAA==',
  },
  ingress: {
    command: "kubectl create ingress ing --rule=\"foo.com/bar=svc1:8080\" -n default",
    path: "/apis/networking.k8s.io/v1/namespaces/default/ingresses",
    base64:
      'azhzAAofChRuZXR3b3JraW5nLms4cy5pby92MRIHSW5ncmVzcxJRChoKA2luZxIAGgdkZWZhdWx0IgAqADIAOABCABIvGi0K' +
      'B2Zvby5jb20SIgogCh4KBC9iYXISDyINCgRzdmMxEgUKABCQPxoFRXhhY3QaAgoAGgAiAA==',
  },
  configMapBinary: {
    command: "kubectl create configmap bin --from-file=b=bin.dat -n dev (bytes 00 01 ff fe)",
    path: "/api/v1/namespaces/dev/configmaps",
    base64: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEiMKFgoDYmluEgAaA2RldiIAKgAyADgAQgAaCQoBYhIEAAH//hoAIgA=',
  },
  secretDockerRegistry: {
    command: "kubectl create secret docker-registry reg --docker-username=u --docker-password=p --docker-server=r.io -n dev",
    path: "/api/v1/namespaces/dev/secrets",
    base64:
      'azhzAAoMCgJ2MRIGU2VjcmV0Eo8BChYKA3JlZxIAGgNkZXYiACoAMgA4AEIAElUKES5kb2NrZXJjb25maWdqc29uEkB7ImF1' +
      'dGhzIjp7InIuaW8iOnsidXNlcm5hbWUiOiJ1IiwicGFzc3dvcmQiOiJwIiwiYXV0aCI6ImRUcHcifX19Gh5rdWJlcm5ldGVz' +
      'LmlvL2RvY2tlcmNvbmZpZ2pzb24aACIA',
  },
  horizontalPodAutoscalerV1: {
    command: "kubectl autoscale deployment web --min=1 --max=3 -n dev",
    path: "/apis/autoscaling/v1/namespaces/dev/horizontalpodautoscalers",
    base64:
      'azhzAAopCg5hdXRvc2NhbGluZy92MRIXSG9yaXpvbnRhbFBvZEF1dG9zY2FsZXISPQoTCgN3ZWISABoAIgAqADIAOABCABIg' +
      'ChoKCkRlcGxveW1lbnQSA3dlYhoHYXBwcy92MRABGAMaBBgAIAAaACIA',
  },
  jobFromCronJob: {
    command: "kubectl create job from-cj --from=cronjob/cj -n dev",
    path: "/apis/batch/v1/namespaces/dev/jobs",
    base64:
      'azhzAAoPCghiYXRjaC92MRIDSm9iEsACCogBCgdmcm9tLWNqEgAaA2RldiIAKgAyADgAQgBiKwohY3JvbmpvYi5rdWJlcm5l' +
      'dGVzLmlvL2luc3RhbnRpYXRlEgZtYW51YWxqPwoHQ3JvbkpvYhoCY2oiJGE4ZGNkNDZkLTU3NDktNDIyOC1iMWM0LTViMzcw' +
      'YmZlYTIxMCoIYmF0Y2gvdjEwARKoATKlAQoQCgASABoAIgAqADIAOABCABKQARJFCgJjahIHYnVzeWJveBoEZGF0ZSoAQgBq' +
      'FC9kZXYvdGVybWluYXRpb24tbG9ncgZBbHdheXOAAQCIAQCQAQCiAQRGaWxlGglPbkZhaWx1cmUgHjIMQ2x1c3RlckZpcnN0' +
      'QgBKAFIAWABgAGgAcgCCAQCKAQCaARFkZWZhdWx0LXNjaGVkdWxlcsIBAPABARoIIAAoADAAOgAaACIA',
  },
  serviceNodePort: {
    command: "kubectl create service nodeport np --tcp=80:8080 --node-port=30080 -n dev",
    path: "/api/v1/namespaces/dev/services",
    base64:
      'azhzAAoNCgJ2MRIHU2VydmljZRJqCiAKAm5wEgAaA2RldiIAKgAyADgAQgBaCQoDYXBwEgJucBJCCh0KBzgwLTgwODASA1RD' +
      'UBhQIgcIABCQPxoAKIDrARIJCgNhcHASAm5wGgAiCE5vZGVQb3J0OgBCAFIAWgBgAGgAGgIKABoAIgA=',
  },
  serviceExternalName: {
    command: "kubectl create service externalname en --external-name=example.com -n dev",
    path: "/api/v1/namespaces/dev/services",
    base64:
      'azhzAAoNCgJ2MRIHU2VydmljZRJaCiAKAmVuEgAaA2RldiIAKgAyADgAQgBaCQoDYXBwEgJlbhIyEgkKA2FwcBICZW4aACIM' +
      'RXh0ZXJuYWxOYW1lOgBCAFILZXhhbXBsZS5jb21aAGAAaAAaAgoAGgAiAA==',
  },
  quotaScopes: {
    command: "kubectl create quota q2 --hard=pods=5 --scopes=BestEffort -n dev",
    path: "/api/v1/namespaces/dev/resourcequotas",
    base64:
      'azhzAAoTCgJ2MRINUmVzb3VyY2VRdW90YRI0ChUKAnEyEgAaA2RldiIAKgAyADgAQgASGQoLCgRwb2RzEgMKATUSCkJlc3RF' +
      'ZmZvcnQaABoAIgA=',
  },
  clusterRoleAggregation: {
    command: "kubectl create clusterrole agg --aggregation-rule=rbac.example.com/aggregate=true",
    path: "/apis/rbac.authorization.k8s.io/v1/clusterroles",
    base64:
      'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtDbHVzdGVyUm9sZRI9ChMKA2FnZxIAGgAiACoAMgA4AEIA' +
      'GiYKJAoiChpyYmFjLmV4YW1wbGUuY29tL2FnZ3JlZ2F0ZRIEdHJ1ZRoAIgA=',
  },
  clusterRoleNonResource: {
    command: "kubectl create clusterrole nr --verb=get --non-resource-url=/logs/*",
    path: "/apis/rbac.authorization.k8s.io/v1/clusterroles",
    base64:
      'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtDbHVzdGVyUm9sZRIkChIKAm5yEgAaACIAKgAyADgAQgAS' +
      'DgoDZ2V0KgcvbG9ncy8qGgAiAA==',
  },
  priorityClassZero: {
    command: "kubectl create priorityclass pc0 --value=0 --global-default=false --preemption-policy=Never",
    path: "/apis/scheduling.k8s.io/v1/priorityclasses",
    base64:
      'azhzAAolChRzY2hlZHVsaW5nLms4cy5pby92MRINUHJpb3JpdHlDbGFzcxIiChMKA3BjMBIAGgAiACoAMgA4AEIAEAAYACIA' +
      'KgVOZXZlchoAIgA=',
  },
  secretTyped: {
    command: "kubectl create secret generic typed --type=example.com/t --from-literal=a= -n dev",
    path: "/api/v1/namespaces/dev/secrets",
    base64: 'azhzAAoMCgJ2MRIGU2VjcmV0EjAKGAoFdHlwZWQSABoDZGV2IgAqADIAOABCABIFCgFhEgAaDWV4YW1wbGUuY29tL3QaACIA',
  },
  roleBindingServiceAccount: {
    command: "kubectl create rolebinding rbsa --clusterrole=view --serviceaccount=dev:sa --group=g -n dev",
    path: "/apis/rbac.authorization.k8s.io/v1/namespaces/dev/rolebindings",
    base64:
      'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtSb2xlQmluZGluZxKPAQoXCgRyYnNhEgAaA2RldiIAKgAy' +
      'ADgAQgASJwoFR3JvdXASGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8aAWciABIbCg5TZXJ2aWNlQWNjb3VudBIAGgJzYSID' +
      'ZGV2Gi4KGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8SC0NsdXN0ZXJSb2xlGgR2aWV3GgAiAA==',
  },
  deploymentZero: {
    command: "kubectl create deployment zero --image=nginx --replicas=0 -n dev",
    path: "/apis/apps/v1/namespaces/dev/deployments",
    base64:
      'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50ErIBCiQKBHplcm8SABoDZGV2IgAqADIAOABCAFoLCgNhcHASBHplcm8SfAgA' +
      'Eg0KCwoDYXBwEgR6ZXJvGmEKHQoAEgAaACIAKgAyADgAQgBaCwoDYXBwEgR6ZXJvEkASIgoFbmdpbngSBW5naW54KgBCAGoA' +
      'cgCAAQCIAQCQAQCiAQAaADIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAIgIKACgAOAAaDAgAEAAYACAAKAA4ABoAIgA=',
  },
  cronJobNever: {
    command: "kubectl create cronjob cj2 --image=busybox --schedule='0 * * * *' --restart=Never -n dev",
    path: "/apis/batch/v1/namespaces/dev/cronjobs",
    base64:
      'azhzAAoTCghiYXRjaC92MRIHQ3JvbkpvYhKeAQoWCgNjajISABoDZGV2IgAqADIAOABCABKBAQoJMCAqICogKiAqGgAqcgoT' +
      'CgNjajISABoAIgAqADIAOABCABJbMlkKEAoAEgAaACIAKgAyADgAQgASRRIiCgNjajISB2J1c3lib3gqAEIAagByAIABAIgB' +
      'AJABAKIBABoFTmV2ZXIyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBABoAGgAiAA==',
  },
  podCopy: {
    command: "kubectl debug rich2 -n dev --copy-to=rich-copy2 --image=busybox --container=dbg --profile=legacy -- sleep 100 (rich2: a pod with probes, volumes, env, resources, security contexts, tolerations and node affinity)",
    path: "/api/v1/namespaces/dev/pods",
    base64:
      'azhzAAoJCgJ2MRIDUG9kEoYhCvwWCgpyaWNoLWNvcHkyEgAaA2RldiIAKgAyADgAQgBi0RYKMGt1YmVjdGwua3ViZXJuZXRl' +
      'cy5pby9sYXN0LWFwcGxpZWQtY29uZmlndXJhdGlvbhKcFnsiYXBpVmVyc2lvbiI6InYxIiwia2luZCI6IlBvZCIsIm1ldGFk' +
      'YXRhIjp7ImFubm90YXRpb25zIjp7Im5vdGUiOiJ4In0sImxhYmVscyI6eyJhcHAiOiJyaWNoIn0sIm5hbWUiOiJyaWNoMiIs' +
      'Im5hbWVzcGFjZSI6ImRldiJ9LCJzcGVjIjp7ImFmZmluaXR5Ijp7Im5vZGVBZmZpbml0eSI6eyJyZXF1aXJlZER1cmluZ1Nj' +
      'aGVkdWxpbmdJZ25vcmVkRHVyaW5nRXhlY3V0aW9uIjp7Im5vZGVTZWxlY3RvclRlcm1zIjpbeyJtYXRjaEV4cHJlc3Npb25z' +
      'IjpbeyJrZXkiOiJ6b25lIiwib3BlcmF0b3IiOiJJbiIsInZhbHVlcyI6WyJhIiwiYiJdfV19XX19fSwiYXV0b21vdW50U2Vy' +
      'dmljZUFjY291bnRUb2tlbiI6ZmFsc2UsImNvbnRhaW5lcnMiOlt7ImFyZ3MiOlsiLWciLCJkYWVtb24gb2ZmOyJdLCJlbnYi' +
      'Olt7Im5hbWUiOiJBIiwidmFsdWUiOiIxIn0seyJuYW1lIjoiRU1QVFkiLCJ2YWx1ZSI6IiJ9LHsibmFtZSI6IkZST01fQ00i' +
      'LCJ2YWx1ZUZyb20iOnsiY29uZmlnTWFwS2V5UmVmIjp7ImtleSI6ImsiLCJuYW1lIjoiYXBwbGllZCIsIm9wdGlvbmFsIjp0' +
      'cnVlfX19LHsibmFtZSI6IkZST01fU0VDUkVUIiwidmFsdWVGcm9tIjp7InNlY3JldEtleVJlZiI6eyJrZXkiOiJwdyIsIm5h' +
      'bWUiOiJzIn19fSx7Im5hbWUiOiJQT0RfTkFNRSIsInZhbHVlRnJvbSI6eyJmaWVsZFJlZiI6eyJmaWVsZFBhdGgiOiJtZXRh' +
      'ZGF0YS5uYW1lIn19fSx7Im5hbWUiOiJDUFUiLCJ2YWx1ZUZyb20iOnsicmVzb3VyY2VGaWVsZFJlZiI6eyJkaXZpc29yIjoi' +
      'MW0iLCJyZXNvdXJjZSI6ImxpbWl0cy5jcHUifX19XSwiZW52RnJvbSI6W3siY29uZmlnTWFwUmVmIjp7Im5hbWUiOiJhcHBs' +
      'aWVkIn0sInByZWZpeCI6IkNNXyJ9LHsic2VjcmV0UmVmIjp7Im5hbWUiOiJzIiwib3B0aW9uYWwiOmZhbHNlfX1dLCJpbWFn' +
      'ZSI6Im5naW54OjEuMjciLCJpbWFnZVB1bGxQb2xpY3kiOiJJZk5vdFByZXNlbnQiLCJsaWZlY3ljbGUiOnsicHJlU3RvcCI6' +
      'eyJleGVjIjp7ImNvbW1hbmQiOlsic2xlZXAiLCIxIl19fX0sImxpdmVuZXNzUHJvYmUiOnsiZmFpbHVyZVRocmVzaG9sZCI6' +
      'MywiaHR0cEdldCI6eyJodHRwSGVhZGVycyI6W3sibmFtZSI6IlgiLCJ2YWx1ZSI6InkifV0sInBhdGgiOiIvaGVhbHRoeiIs' +
      'InBvcnQiOiJodHRwIn0sImluaXRpYWxEZWxheVNlY29uZHMiOjUsInBlcmlvZFNlY29uZHMiOjEwfSwibmFtZSI6Im1haW4i' +
      'LCJwb3J0cyI6W3siY29udGFpbmVyUG9ydCI6ODA4MCwibmFtZSI6Imh0dHAiLCJwcm90b2NvbCI6IlRDUCJ9LHsiY29udGFp' +
      'bmVyUG9ydCI6OTA5MCwiaG9zdFBvcnQiOjkwOTAsInByb3RvY29sIjoiVURQIn1dLCJyZWFkaW5lc3NQcm9iZSI6eyJ0Y3BT' +
      'b2NrZXQiOnsicG9ydCI6ODA4MH19LCJyZXNvdXJjZXMiOnsibGltaXRzIjp7ImNwdSI6IjEiLCJtZW1vcnkiOiIxMjhNaSJ9' +
      'LCJyZXF1ZXN0cyI6eyJjcHUiOiIxMDBtIiwibWVtb3J5IjoiNjRNaSJ9fSwic2VjdXJpdHlDb250ZXh0Ijp7ImFsbG93UHJp' +
      'dmlsZWdlRXNjYWxhdGlvbiI6ZmFsc2UsImNhcGFiaWxpdGllcyI6eyJhZGQiOlsiTkVUX0JJTkRfU0VSVklDRSJdLCJkcm9w' +
      'IjpbIkFMTCJdfSwicmVhZE9ubHlSb290RmlsZXN5c3RlbSI6dHJ1ZX0sInN0YXJ0dXBQcm9iZSI6eyJleGVjIjp7ImNvbW1h' +
      'bmQiOlsiY2F0IiwiL3RtcC9vayJdfX0sInZvbHVtZU1vdW50cyI6W3sibW91bnRQYXRoIjoiL2RhdGEiLCJuYW1lIjoiZGF0' +
      'YSJ9LHsibW91bnRQYXRoIjoiL2V0Yy9jZmciLCJuYW1lIjoiY2ZnIiwicmVhZE9ubHkiOnRydWV9XSwid29ya2luZ0RpciI6' +
      'Ii9zcnYifV0sImluaXRDb250YWluZXJzIjpbeyJjb21tYW5kIjpbInNoIiwiLWMiLCJ0cnVlIl0sImltYWdlIjoiYnVzeWJv' +
      'eCIsIm5hbWUiOiJpbml0In1dLCJub2RlU2VsZWN0b3IiOnsiZGlzayI6InNzZCJ9LCJyZXN0YXJ0UG9saWN5IjoiT25GYWls' +
      'dXJlIiwic2VjdXJpdHlDb250ZXh0Ijp7ImZzR3JvdXAiOjIwMDAsInJ1bkFzTm9uUm9vdCI6dHJ1ZSwicnVuQXNVc2VyIjox' +
      'MDAwLCJzdXBwbGVtZW50YWxHcm91cHMiOlszMDAwXX0sInNlcnZpY2VBY2NvdW50TmFtZSI6InNhIiwidGVybWluYXRpb25H' +
      'cmFjZVBlcmlvZFNlY29uZHMiOjAsInRvbGVyYXRpb25zIjpbeyJlZmZlY3QiOiJOb0V4ZWN1dGUiLCJrZXkiOiJrIiwib3Bl' +
      'cmF0b3IiOiJFcXVhbCIsInRvbGVyYXRpb25TZWNvbmRzIjo2MCwidmFsdWUiOiJ2In0seyJvcGVyYXRvciI6IkV4aXN0cyJ9' +
      'XSwidm9sdW1lcyI6W3siZW1wdHlEaXIiOnsibWVkaXVtIjoiTWVtb3J5Iiwic2l6ZUxpbWl0IjoiMUdpIn0sIm5hbWUiOiJk' +
      'YXRhIn0seyJjb25maWdNYXAiOnsiZGVmYXVsdE1vZGUiOjQyMCwiaXRlbXMiOlt7ImtleSI6ImsiLCJwYXRoIjoiay50eHQi' +
      'fV0sIm5hbWUiOiJhcHBsaWVkIn0sIm5hbWUiOiJjZmcifSx7Im5hbWUiOiJzZWMiLCJzZWNyZXQiOnsib3B0aW9uYWwiOnRy' +
      'dWUsInNlY3JldE5hbWUiOiJzIn19LHsiaG9zdFBhdGgiOnsicGF0aCI6Ii92YXIvbG9nIiwidHlwZSI6IkRpcmVjdG9yeSJ9' +
      'LCJuYW1lIjoiaG9zdCJ9LHsibmFtZSI6ImNsYWltIiwicGVyc2lzdGVudFZvbHVtZUNsYWltIjp7ImNsYWltTmFtZSI6InB2' +
      'YzEiLCJyZWFkT25seSI6dHJ1ZX19LHsiZG93bndhcmRBUEkiOnsiaXRlbXMiOlt7ImZpZWxkUmVmIjp7ImZpZWxkUGF0aCI6' +
      'Im1ldGFkYXRhLmxhYmVscyJ9LCJwYXRoIjoibGFiZWxzIn1dfSwibmFtZSI6ImRhcGkifSx7Im5hbWUiOiJwcm9qIiwicHJv' +
      'amVjdGVkIjp7InNvdXJjZXMiOlt7InNlcnZpY2VBY2NvdW50VG9rZW4iOnsiYXVkaWVuY2UiOiJhcGkiLCJleHBpcmF0aW9u' +
      'U2Vjb25kcyI6MzYwMCwicGF0aCI6InRva2VuIn19LHsiY29uZmlnTWFwIjp7Im5hbWUiOiJhcHBsaWVkIn19XX19XX19CmIJ' +
      'CgRub3RlEgF4EvIJChkKBGRhdGESERIPCgZNZW1vcnkSBQoDMUdpCiQKA2NmZxIdmgEaCgkKB2FwcGxpZWQSCgoBaxIFay50' +
      'eHQYpAMKEQoDc2VjEgoyCAoBcxikAyABCh8KBGhvc3QSFwoVCggvdmFyL2xvZxIJRGlyZWN0b3J5ChMKBWNsYWltEgpSCAoE' +
      'cHZjMRABCioKBGRhcGkSIoIBHwodCgZsYWJlbHMSEwoAEg9tZXRhZGF0YS5sYWJlbHMKMAoEcHJvahIo0gElChEiDwoDYXBp' +
      'EJAcGgV0b2tlbgoNGgsKCQoHYXBwbGllZBCkAxLEBAoEbWFpbhIKbmdpbng6MS4yNyICLWciC2RhZW1vbiBvZmY7KgQvc3J2' +
      'MhIKBGh0dHAQABiQPyIDVENQKgAyDwoAEIJHGIJHIgNVRFAqADoGCgFBEgExOgkKBUVNUFRZEgA6HwoHRlJPTV9DTRIAGhIa' +
      'EAoJCgdhcHBsaWVkEgFrGAE6HAoLRlJPTV9TRUNSRVQSABoLIgkKAwoBcxICcHc6IQoIUE9EX05BTUUSABoTChEKABINbWV0' +
      'YWRhdGEubmFtZTofCgNDUFUSABoWEhQKABIKbGltaXRzLmNwdRoECgIxbUJACgoKA2NwdRIDCgExChEKBm1lbW9yeRIHCgUx' +
      'MjhNaRINCgNjcHUSBgoEMTAwbRIQCgZtZW1vcnkSBgoENjRNaUoTCgRkYXRhEAAaBS9kYXRhIgAyAEoVCgNjZmcQARoIL2V0' +
      'Yy9jZmciADIAUjAKJBIiCggvaGVhbHRoehIKCAEQABoEaHR0cBoAIgAqBgoBWBIBeRAFGAAgCigAMANaGQoNGgsKBwgAEJA/' +
      'GgASABAAGAAgACgAMABiDhIMCgoKBXNsZWVwCgExahQvZGV2L3Rlcm1pbmF0aW9uLWxvZ3IMSWZOb3RQcmVzZW50eh0KFwoQ' +
      'TkVUX0JJTkRfU0VSVklDRRIDQUxMMAE4AIABAIgBAJABAJoBEgoDQ01fEgsKCQoHYXBwbGllZJoBCwoAGgcKAwoBcxAAogEE' +
      'RmlsZbIBHAoQCg4KA2NhdAoHL3RtcC9vaxAAGAAgACgAMAASMgoDZGJnEgdidXN5Ym94GgVzbGVlcBoDMTAwKgBCAGoAcgCA' +
      'AQCIAQCQAQCiAQRGaWxlGglPbkZhaWx1cmUgADIMQ2x1c3RlckZpcnN0OgsKBGRpc2sSA3NzZEICc2FKAFIAWABgAGgAcgsQ' +
      '6AcYASC4FyjQD4IBAIoBAJIBGAoWChQKEgoQCgR6b25lEgJJbhoBYRoBYpoBEWRlZmF1bHQtc2NoZWR1bGVyogFPCgRpbml0' +
      'EgdidXN5Ym94GgJzaBoCLWMaBHRydWUqAEIAahQvZGV2L3Rlcm1pbmF0aW9uLWxvZ3IGQWx3YXlzgAEAiAEAkAEAogEERmls' +
      'ZagBALIBGgoBaxIFRXF1YWwaAXYiCU5vRXhlY3V0ZSg8sgEOCgASBkV4aXN0cxoAIgCyATYKHG5vZGUua3ViZXJuZXRlcy5p' +
      'by9ub3QtcmVhZHkSBkV4aXN0cxoAIglOb0V4ZWN1dGUorAKyATgKHm5vZGUua3ViZXJuZXRlcy5pby91bnJlYWNoYWJsZRIG' +
      'RXhpc3RzGgAiCU5vRXhlY3V0ZSisAsIBAMgBAPABAfoBFFByZWVtcHRMb3dlclByaW9yaXR5GhAKABoAIgAqADIASgBaAHIA' +
      'GgAiAA==',
  },
};
