package dev.maestro.tools;

import dev.langchain4j.agent.tool.P;

/** A user's @Tool class, as AI Services users write them; loaded by name in the tests. */
public class OrderTools {

    @dev.langchain4j.agent.tool.Tool("Looks up the status of an order")
    @Risk(RiskLevel.READ)
    public String orderStatus(@P("the order number") int orderId) {
        return "order " + orderId + " shipped";
    }

    @dev.langchain4j.agent.tool.Tool("Cancels an order")
    public String cancelOrder(@P("the order number") int orderId) {
        if (orderId < 0) {
            throw new IllegalArgumentException("no such order " + orderId);
        }
        return "order " + orderId + " cancelled";
    }
}
