package shop;

public class CatalogApplication {
}
