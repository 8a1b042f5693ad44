const express = require("express");
const app = express();
app.get("/", (req, res) => res.send("bazaar"));
app.listen(3000);
