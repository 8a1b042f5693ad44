module github.com/acme/shop/services/cart

go 1.22
