package dev.openhands.platform.modules.aspects;

import com.hashicorp.cdktf.IAspect;
import com.hashicorp.cdktf.TerraformStack;
import software.constructs.IConstruct;

import java.util.List;

/**
 * An aspect that does its work for a whole stack at once, so it can ask Node about all the constructs it cares for in
 * one request (e.g. {@link RenderedAttributes#ofStack}) instead of one per construct. {@link StackAspects} calls
 * {@link #visitAll} in its turn among the stack's aspects; under cdktf's own {@code Aspects} it still visits
 * construct by construct ({@link #visit}), with the same effect.
 */
public interface WholeStackAspect extends IAspect {

    /** Does for every construct of {@code stack} what {@link #visit} does for one; {@code constructs} in cdktf's order. */
    void visitAll(TerraformStack stack, List<IConstruct> constructs);
}
