package dev.openhands.platform.modules.observability;

import com.hashicorp.cdktf.providers.aws.budgets_budget.BudgetsBudget;
import com.hashicorp.cdktf.providers.aws.budgets_budget.BudgetsBudgetCostFilter;
import com.hashicorp.cdktf.providers.aws.budgets_budget.BudgetsBudgetNotification;
import software.constructs.Construct;

import java.util.List;

/**
 * A monthly cost budget for one environment (its resources carry the environment tag): a notification when the
 * month's forecast passes 80 % of the limit, and another when actual spend passes 100 %.
 */
public class CostBudget extends Construct {

    /** Forecast share of the limit that warns early. */
    public static final int FORECAST_PERCENT = 80;
    /** Actual share of the limit that says the budget is spent. */
    public static final int ACTUAL_PERCENT = 100;

    private final BudgetsBudget budget;

    public CostBudget(Construct scope, String id, CostBudgetProps props) {
        super(scope, id);
        this.budget = BudgetsBudget.Builder.create(this, "budget")
            .name(props.name())
            .budgetType("COST")
            .timeUnit("MONTHLY")
            .limitAmount(props.monthlyLimitUsd().stripTrailingZeros().toPlainString())
            .limitUnit("USD")
            .costFilter(List.of(BudgetsBudgetCostFilter.builder()
                .name("TagKeyValue")
                .values(List.of("user:" + props.environmentTag().key() + "$" + props.environmentTag().value()))
                .build()))
            .notification(List.of(
                notification(props, "FORECASTED", FORECAST_PERCENT),
                notification(props, "ACTUAL", ACTUAL_PERCENT)))
            .build();
    }

    private static BudgetsBudgetNotification notification(CostBudgetProps props, String type, int percent) {
        BudgetsBudgetNotification.Builder n = BudgetsBudgetNotification.builder()
            .notificationType(type)
            .comparisonOperator("GREATER_THAN")
            .threshold(percent)
            .thresholdType("PERCENTAGE");
        props.topicArn().ifPresent(arn -> n.subscriberSnsTopicArns(List.of(arn)));
        if (!props.emails().isEmpty()) {
            n.subscriberEmailAddresses(props.emails());
        }
        return n.build();
    }

    public String getName() {
        return budget.getName();
    }
}
