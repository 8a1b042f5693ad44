module example.com/bazaar/cart

go 1.22
