package dev.openhands.platform.modules.iam;

import dev.openhands.platform.modules.json.StableJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An IAM policy document built in Java, so statements can be checked before synth (no wildcard action,
 * exact resources) and rendered as a literal JSON string that reviewers read unchanged in the plan.
 */
public record PolicyDocument(List<Statement> statements) {

    /** The account of the principal that signs a request. */
    public static final String PRINCIPAL_ACCOUNT = "aws:PrincipalAccount";
    /** The account that owns the resource a request acts on. */
    public static final String RESOURCE_ACCOUNT = "aws:ResourceAccount";

    public PolicyDocument {
        statements = List.copyOf(statements);
        for (Statement s : statements) {
            // A Deny may be as broad as it likes (e.g. deny s3:* without TLS); only grants must be exact.
            if (s.effect().equals("Deny")) {
                continue;
            }
            // A perimeter statement of an endpoint policy may name every action: it grants nothing by itself.
            if (s.isAccountPerimeter()) {
                continue;
            }
            for (String action : s.actions()) {
                if (action.equals("*") || grantsWholeService(action) && !s.allowsServiceWildcard()) {
                    throw new IllegalArgumentException("statement " + s.sid() + " grants wildcard action '" + action
                        + "'; list the exact actions instead");
                }
            }
        }
    }

    /** Whether an action names no single operation: {@code *} or {@code service:*}. */
    public static boolean grantsWholeService(String action) {
        return action.equals("*") || action.endsWith(":*");
    }

    public static PolicyDocument of(Statement... statements) {
        return new PolicyDocument(List.of(statements));
    }

    public PolicyDocument plus(List<Statement> more) {
        List<Statement> all = new ArrayList<>(statements);
        all.addAll(more);
        return new PolicyDocument(all);
    }

    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", "2012-10-17");
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (Statement s : statements) {
            rendered.add(s.toMap());
        }
        doc.put("Statement", rendered);
        return StableJson.write(doc);
    }

    /**
     * One statement. {@code principals} is empty for identity policies; {@code conditions} maps an operator
     * (e.g. {@code StringEquals}) to key/value pairs.
     */
    public record Statement(String sid, String effect, Map<String, List<String>> principals, List<String> actions,
                            List<String> resources, Map<String, Map<String, List<String>>> conditions,
                            boolean allowsServiceWildcard) {

        public Statement {
            Objects.requireNonNull(sid, "sid");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw new IllegalArgumentException("effect must be Allow or Deny");
            }
            principals = copyOfMapOfLists(principals);
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
            Map<String, Map<String, List<String>>> c = new LinkedHashMap<>();
            conditions.forEach((op, kv) -> c.put(op, copyOfMapOfLists(kv)));
            conditions = java.util.Collections.unmodifiableMap(c);
            if (actions.isEmpty() || resources.isEmpty()) {
                throw new IllegalArgumentException("statement " + sid + " needs at least one action and one resource");
            }
        }

        private static Map<String, List<String>> copyOfMapOfLists(Map<String, List<String>> in) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            in.forEach((k, v) -> out.put(k, List.copyOf(v)));
            return java.util.Collections.unmodifiableMap(out);
        }

        public static Statement allow(String sid, List<String> actions, List<String> resources) {
            return new Statement(sid, "Allow", Map.of(), actions, resources, Map.of(), false);
        }

        public static Statement deny(String sid, List<String> actions, List<String> resources) {
            return new Statement(sid, "Deny", Map.of(), actions, resources, Map.of(), false);
        }

        public Statement withPrincipal(String type, List<String> identifiers) {
            Map<String, List<String>> p = new LinkedHashMap<>(principals);
            p.put(type, identifiers);
            return new Statement(sid, effect, p, actions, resources, conditions, allowsServiceWildcard);
        }

        public Statement withCondition(String operator, String key, List<String> values) {
            Map<String, Map<String, List<String>>> c = new LinkedHashMap<>(conditions);
            Map<String, List<String>> kv = new LinkedHashMap<>(c.getOrDefault(operator, Map.of()));
            kv.put(key, values);
            c.put(operator, kv);
            return new Statement(sid, effect, principals, actions, resources, c, allowsServiceWildcard);
        }

        /**
         * Whether this is the account perimeter of a resource policy such as a VPC endpoint's: an Allow for any
         * principal that holds only while the caller's account and the resource's account are both the one named.
         * Such a statement grants nothing by itself (identity policies still decide what a principal may do); it
         * bounds what may pass, so it may name every action.
         */
        public boolean isAccountPerimeter() {
            Map<String, List<String>> equal = conditions.getOrDefault("StringEquals", Map.of());
            List<String> principalAccount = equal.get(PRINCIPAL_ACCOUNT);
            return effect.equals("Allow") && principalAccount != null && principalAccount.size() == 1
                && principalAccount.equals(equal.get(RESOURCE_ACCOUNT));
        }

        /**
         * Marks a statement whose {@code service:*} action is deliberate, such as the account-root
         * delegation in a KMS key policy; a bare {@code *} is refused regardless.
         */
        public Statement allowingServiceWildcard() {
            return new Statement(sid, effect, principals, actions, resources, conditions, true);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Sid", sid);
            m.put("Effect", effect);
            if (!principals.isEmpty()) {
                Map<String, Object> p = new LinkedHashMap<>();
                principals.forEach((k, v) -> p.put(k, v.size() == 1 ? v.get(0) : v));
                m.put("Principal", p.size() == 1 && p.containsKey("*") ? "*" : p);
            }
            m.put("Action", actions.size() == 1 ? actions.get(0) : actions);
            m.put("Resource", resources.size() == 1 ? resources.get(0) : resources);
            if (!conditions.isEmpty()) {
                Map<String, Object> c = new LinkedHashMap<>();
                conditions.forEach((op, kv) -> {
                    Map<String, Object> inner = new LinkedHashMap<>();
                    kv.forEach((k, v) -> inner.put(k, v.size() == 1 ? v.get(0) : v));
                    c.put(op, inner);
                });
                m.put("Condition", c);
            }
            return m;
        }
    }
}
