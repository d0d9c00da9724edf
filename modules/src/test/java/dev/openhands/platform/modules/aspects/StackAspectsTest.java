package dev.openhands.platform.modules.aspects;

import com.hashicorp.cdktf.Aspects;
import com.hashicorp.cdktf.IAspect;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.Testing;
import org.junit.jupiter.api.Test;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StackAspectsTest {

    /** Records "aspect:path" for every visit. */
    private record Recorder(String name, List<String> visits) implements IAspect {
        @Override
        public void visit(IConstruct node) {
            visits.add(name + ":" + node.getNode().getPath());
        }
    }

    private static TerraformStack tree() {
        TerraformStack stack = new TerraformStack(Testing.app(), "s");
        Construct a = new Construct(stack, "a");
        new Construct(a, "a1");
        new Construct(stack, "b");
        return stack;
    }

    @Test
    void visitsEachConstructOnceWithEveryAspectInCdktfsOrder() {
        TerraformStack stack = tree();
        List<String> ours = new ArrayList<>();
        StackAspects.of(stack).add(new Recorder("first", ours)).add(new Recorder("second", ours));
        StackAspects.of(stack).apply();

        // the same aspects through cdktf, on an identical tree
        TerraformStack reference = tree();
        List<String> cdktfs = new ArrayList<>();
        Aspects.of(reference).add(new Recorder("first", cdktfs));
        Aspects.of(reference).add(new Recorder("second", cdktfs));
        Testing.synth(reference);

        assertThat(ours).containsExactly("first:s", "second:s", "first:s/a", "second:s/a", "first:s/a/a1", "second:s/a/a1",
            "first:s/b", "second:s/b").isEqualTo(cdktfs);
    }

    @Test
    void anAspectVisitsOnceAndOnlyItsOwnStack() {
        TerraformStack stack = tree();
        TerraformStack other = new TerraformStack(Testing.app(), "other");
        List<String> visits = new ArrayList<>();
        StackAspects.of(stack).add(new Recorder("x", visits));
        StackAspects.of(other).apply();
        assertThat(visits).isEmpty();
        StackAspects.of(stack).apply();
        StackAspects.of(stack).apply();
        assertThat(visits).hasSize(4);
        StackAspects.of(stack).add(new Recorder("y", visits)).apply();
        assertThat(visits).hasSize(8).last().isEqualTo("y:s/b");
    }
}
