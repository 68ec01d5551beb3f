-- Adds points to a player and answers with the player's rank and the current top of the board.
%key board
%arg player string
%arg points integer
%arg top integer
%type Standing = { player: string, score: number, rank: integer, leaders: { member: string, score: number }[] }
%return Standing
%include "lib/util"

local score = tonumber(redis.call('ZINCRBY', board, points, player))
local rank = redis.call('ZREVRANK', board, player) + 1
local leaders = scored(redis.call('ZREVRANGE', board, 0, top - 1, 'WITHSCORES'))
return cjson.encode({ player = player, score = score, rank = rank, leaders = leaders })
