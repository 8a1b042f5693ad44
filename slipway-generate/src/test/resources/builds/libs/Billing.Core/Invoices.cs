namespace Billing.Core;

public static class Invoices
{
    public const string Status = "ok";
}
