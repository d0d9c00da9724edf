package dev.openhands.platform.modules.aspects;

import com.hashicorp.cdktf.IAspect;
import com.hashicorp.cdktf.TerraformStack;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Aspects of a stack that run on the Java side of the jsii bridge, all of them in one walk of its constructs.
 *
 * <p>cdktf's own aspects ({@code Aspects.of(stack).add(aspect)}) cost one callback from Node into Java per construct
 * and per aspect at synth: the guard-rails and the alarm actions together made all 1,681 callbacks of a synth
 * of the bundled environments. Here the stack's constructs come over in one request, in the order cdktf's aspects
 * visit them (a construct, then its children in order), and each construct meets every pending aspect in the order
 * they were added, as with cdktf's. Usage: {@code StackAspects.of(stack).add(aspect)} while building the stack, then
 * {@code StackAspects.of(stack).apply()} once it is complete and before it is synthesized (the platform's stacks do
 * this in {@code PlatformApp}). Constructs an aspect adds while visiting are not visited (none of ours adds any).
 */
public final class StackAspects {

    // Keyed by identity (jsii objects do not override equals); weak, so a test's discarded stacks are not kept.
    private static final Map<TerraformStack, StackAspects> BY_STACK = Collections.synchronizedMap(new WeakHashMap<>());

    private final TerraformStack stack;
    private final List<IAspect> pending = new ArrayList<>();

    private StackAspects(TerraformStack stack) {
        this.stack = stack;
    }

    /** The Java-side aspects of this stack. */
    public static StackAspects of(TerraformStack stack) {
        Objects.requireNonNull(stack, "stack");
        return BY_STACK.computeIfAbsent(stack, StackAspects::new);
    }

    public synchronized StackAspects add(IAspect aspect) {
        pending.add(Objects.requireNonNull(aspect, "aspect"));
        return this;
    }

    /**
     * Visits every construct of the stack with each aspect added since the last call, then forgets those aspects, so
     * each visits a construct once. Does nothing (and asks Node nothing) when none is pending.
     */
    public synchronized void apply() {
        if (pending.isEmpty()) {
            return;
        }
        List<IAspect> aspects = List.copyOf(pending);
        pending.clear();
        for (IConstruct construct : stack.getNode().findAll()) {
            for (IAspect aspect : aspects) {
                aspect.visit(construct);
            }
        }
    }
}
